import { EntryRule, nodeKinds, validateFlow } from '@tandem/schema';
import { describe, expect, it } from 'vitest';
import { availableExamples } from './examples.ts';
import { fieldSpec, labelAt, objectZero, parseScalar, type ZodLike } from './schema-form.ts';
import { starterFlow } from './starter.ts';

const spec = (kind: keyof typeof nodeKinds) => fieldSpec(nodeKinds[kind].settings as unknown as ZodLike);

describe('fieldSpec', () => {
  it('reads every node kind’s settings into a form', () => {
    for (const kind of Object.keys(nodeKinds) as (keyof typeof nodeKinds)[]) {
      expect(['object', 'union']).toContain(spec(kind).type);
    }
  });

  it('knows durations, text lists and integers', () => {
    const s = spec('salesCall');
    if (s.type !== 'object') throw new Error('object expected');
    const byKey = Object.fromEntries(s.fields.map((f) => [f.key, f]));
    expect(byKey.deadline?.spec.type).toBe('duration');
    expect(byKey.talkingPoints?.spec.type).toBe('textList');
    expect(byKey.maxAttempts?.spec).toEqual({ type: 'number', int: true });
    expect(byKey.maxAttempts?.defaultValue).toBe(3);
  });

  it('turns a discriminated union into a mode picker with defaults per mode', () => {
    const s = spec('wait');
    if (s.type !== 'union') throw new Error('union expected');
    expect(s.discriminator).toBe('mode');
    expect(s.options.map((o) => o.value)).toEqual(['duration', 'untilDate', 'untilWeekday']);
    const weekday = s.options[2]?.spec;
    expect(weekday && objectZero(weekday)).toMatchObject({ timezone: 'UTC', hour: 0 });
  });

  it('handles nested rules and the entry rule', () => {
    const entry = fieldSpec(EntryRule as unknown as ZodLike);
    expect(entry.type).toBe('object');
    expect(parseScalar('a, 2, true')).toEqual(['a', 2, true]);
    expect(parseScalar('250')).toBe(250);
  });
});

describe('labelAt', () => {
  it('names a settings path as the inspector labels its field, group by group', () => {
    expect(labelAt(spec('webinar'), ['attendanceReportHours'])).toBe('Attendance report hours');
    expect(labelAt(spec('salesCall'), ['deadline', 'amount'])).toBe('Deadline');
    expect(labelAt(spec('salesCall'), ['deadline', 'unit'])).toBe('Deadline unit');
    // A line of a text list is the list's box.
    expect(labelAt(spec('salesCall'), ['talkingPoints', 2])).toBe('Talking points');
    // List items by their place, rules inside a condition inside a branch.
    expect(labelAt(spec('branch'), ['conditions', 0, 'when', 'rules', 1, 'value'])).toBe(
      'Condition 1 › When › Rule 2 › Value',
    );
    // A mode picker, and the fields of each mode.
    expect(labelAt(spec('wait'), ['mode'])).toBe('Mode');
    expect(labelAt(spec('wait'), ['duration', 'unit'])).toBe('Duration unit');
    expect(labelAt(spec('wait'), ['hour'])).toBe('Hour');
  });

  it('has no label for the settings themselves or a field the form does not have', () => {
    expect(labelAt(spec('email'), [])).toBeNull();
    expect(labelAt(spec('email'), ['nonsense'])).toBeNull();
    expect(labelAt(spec('branch'), ['conditions', 'first'])).toBe('Conditions');
  });
});

describe('examples', () => {
  it('always offers at least the valid starter flow', () => {
    expect(validateFlow(starterFlow).ok).toBe(true);
    expect(availableExamples().length).toBeGreaterThan(0);
    expect(availableExamples().every((e) => e.flow.nodes.every((n) => n.position === undefined))).toBe(true);
  });
});
