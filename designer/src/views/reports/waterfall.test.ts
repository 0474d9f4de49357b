import { describe, expect, it } from 'vitest';
import { funnel, reasonRows } from './waterfall.ts';

describe('the funnel', () => {
  it('lists every stage in funnel order, with no leads where the runtime counted none', () => {
    const rows = funnel({ mql: 3 });
    expect(rows.map((r) => [r.label, r.count])).toEqual([
      ['Inquiry', 0],
      ['MQL', 3],
      ['SAL', 0],
      ['SQL', 0],
      ['Opportunity', 0],
      ['Customer', 0],
    ]);
  });

  it('reads conversion off where leads are now: of those at a stage or beyond, the share further down', () => {
    const rows = funnel({ inquiry: 50, mql: 30, sql: 15, customer: 5, recycled: 40, disqualified: 9 });
    // 100 leads at Inquiry or beyond, 50 of them at MQL or beyond; SAL is skipped by every lead here.
    expect(rows[0]?.conversion).toEqual({ to: 'MQL', further: 50, rate: 0.5 });
    expect(rows[1]?.conversion).toEqual({ to: 'SAL', further: 20, rate: 0.4 });
    expect(rows[2]?.conversion).toEqual({ to: 'SQL', further: 20, rate: 1 });
    expect(rows[3]?.conversion).toEqual({ to: 'Opportunity', further: 5, rate: 0.25 });
    expect(rows[4]?.conversion).toEqual({ to: 'Customer', further: 5, rate: 1 });
    // The last stage converts to nothing; recycled and disqualified leads are not in the funnel.
    expect(rows[5]?.conversion).toBeNull();
    expect(rows[0]?.atOrBeyond).toBe(100);
  });

  it('gives no rate where no lead is at the stage or beyond', () => {
    expect(funnel({ inquiry: 4 })[1]?.conversion).toEqual({ to: 'SAL', further: 0, rate: null });
  });
});

describe('reasons', () => {
  it('come most frequent first, ties by name, each with its share of the total', () => {
    const { rows, total } = reasonRows({
      'No budget': 1,
      'Tried calling, no answer': 6,
      'Chose a competitor': 1,
    });
    expect(total).toBe(8);
    expect(rows).toEqual([
      { reason: 'Tried calling, no answer', count: 6, share: 0.75 },
      { reason: 'Chose a competitor', count: 1, share: 0.125 },
      { reason: 'No budget', count: 1, share: 0.125 },
    ]);
  });
});
