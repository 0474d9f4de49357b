import { describe, expect, it } from 'vitest';
import { createClock, ManualClock, systemClock } from './clock.ts';

describe('clocks', () => {
  it('a manual clock only moves forward', () => {
    const clock = new ManualClock(1000);
    clock.set(5000);
    clock.set(2000);
    expect(clock.now()).toBe(5000);
  });

  it('CLOCK picks the clock and rejects anything else', () => {
    expect(createClock(undefined)).toBe(systemClock);
    expect(createClock('manual', 42).now()).toBe(42);
    expect(() => createClock('fast')).toThrow('CLOCK must be "system" or "manual"');
  });
});
