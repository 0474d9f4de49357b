import { EntryRule, nodeKinds, validateFlow } from '@tandem/schema';
import { describe, expect, it } from 'vitest';
import { availableExamples } from './examples.ts';
import { fieldSpec, objectZero, parseScalar, type ZodLike } from './schema-form.ts';
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

describe('examples', () => {
  it('always offers at least the valid starter flow', () => {
    expect(validateFlow(starterFlow).ok).toBe(true);
    expect(availableExamples().length).toBeGreaterThan(0);
    expect(availableExamples().every((e) => e.flow.nodes.every((n) => n.position === undefined))).toBe(true);
  });
});
