import { describe, expect, it } from 'vitest';
import type { SettingUse } from './kind.ts';
import { defaultSettings, kindDef, nodeKindNames } from './registry.ts';

describe('step kinds by name', () => {
  it('know only the step kinds, not the names every object has', () => {
    expect(kindDef('email')?.kind).toBe('email');
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'fax'])
      expect(kindDef(name)).toBeUndefined();
  });
});

/** Settings of every form a kind has, beyond its defaults. */
const otherForms: Record<string, unknown[]> = {
  wait: [
    { mode: 'untilDate', date: '2026-12-01T09:00:00Z' },
    { mode: 'untilWeekday', weekdays: [1], hour: 9, timezone: 'UTC' },
  ],
  webinar: [{ ...(defaultSettings('webinar') as object), continueAfter: 'registration' }],
  recycle: [{ ...(defaultSettings('recycle') as object), target: { nodeId: 'welcome' } }],
};

/** The settings `read` reads (its top-level names). */
function settingsRead(settings: unknown, read: (s: unknown) => unknown): Set<string> {
  const names = new Set<string>();
  read(
    new Proxy(settings as object, {
      get(target, name, receiver) {
        if (typeof name === 'string') names.add(name);
        return Reflect.get(target, name, receiver);
      },
    }),
  );
  return names;
}

describe('what settings decide', () => {
  // A setting read but not declared would keep its default's outcomes, links or timing for a step where it
  // does not parse: connections judged against outcomes the step does not have.
  it('declares every setting a kind’s outcomes, links and timing are read from', () => {
    for (const kind of nodeKindNames) {
      const def = kindDef(kind);
      const decides: Record<string, readonly SettingUse[] | undefined> = def?.decides ?? {};
      for (const settings of [defaultSettings(kind), ...(otherForms[kind] ?? [])]) {
        const uses: [SettingUse[], (s: unknown) => unknown][] = [
          [['outcomes', 'labels'], (s) => def?.outcomes(s)],
          [['links'], (s) => def?.links?.(s)],
          [['waits'], (s) => def?.waits(s)],
        ];
        for (const [use, read] of uses) {
          for (const name of settingsRead(settings, read)) {
            expect(
              decides[name]?.some((u) => use.includes(u)),
              `${kind}: ${name} decides ${use.join(' or ')}`,
            ).toBe(true);
          }
        }
      }
    }
  });
});
