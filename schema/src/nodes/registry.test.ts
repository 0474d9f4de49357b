import { describe, expect, it } from 'vitest';
import { kindDef } from './registry.ts';

describe('step kinds by name', () => {
  it('know only the step kinds, not the names every object has', () => {
    expect(kindDef('email')?.kind).toBe('email');
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'fax'])
      expect(kindDef(name)).toBeUndefined();
  });
});
