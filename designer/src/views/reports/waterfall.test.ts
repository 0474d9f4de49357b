import { describe, expect, it } from 'vitest';
import { funnel, reasonRows } from './waterfall.ts';

describe('the funnel', () => {
  const none = { inquiry: 0, mql: 0, sal: 0, sql: 0, opportunity: 0, customer: 0 };

  it('lists every stage in funnel order, with no leads where the runtime counted none', () => {
    const rows = funnel({ mql: 3 }, { ...none, inquiry: 3, mql: 3 });
    expect(rows.map((r) => [r.label, r.count, r.reached])).toEqual([
      ['Inquiry', 0, 3],
      ['MQL', 3, 3],
      ['SAL', 0, 0],
      ['SQL', 0, 0],
      ['Opportunity', 0, 0],
      ['Customer', 0, 0],
    ]);
  });

  it('converts over every lead that got as far as a stage, recycled and disqualified ones included', () => {
    // 100 leads came in; 60 became MQLs (some recycled since), 20 got to SAL, 5 to SQL and 2 became customers.
    const reached = { inquiry: 100, mql: 60, sal: 20, sql: 5, opportunity: 2, customer: 2 };
    const rows = funnel({ inquiry: 40, mql: 20, sql: 3, customer: 2, recycled: 30 }, reached);
    expect(rows[0]?.conversion).toEqual({ to: 'MQL', further: 60, rate: 0.6 });
    expect(rows[1]?.conversion).toEqual({ to: 'SAL', further: 20, rate: 1 / 3 });
    expect(rows[3]?.conversion).toEqual({ to: 'Opportunity', further: 2, rate: 0.4 });
    expect(rows[4]?.conversion).toEqual({ to: 'Customer', further: 2, rate: 1 });
    // The last stage converts to nothing.
    expect(rows[5]?.conversion).toBeNull();
  });

  it('gives no rate where no lead got that far', () => {
    expect(funnel({ inquiry: 4 }, { ...none, inquiry: 4 })[1]?.conversion).toEqual({
      to: 'SAL',
      further: 0,
      rate: null,
    });
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
