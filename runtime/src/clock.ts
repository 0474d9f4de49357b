/** Where the runtime reads the time. Injected so tests and demos can run a 60-day journey in seconds. */
export interface Clock {
  readonly mode: 'system' | 'manual';
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { mode: 'system', now: () => Date.now() };

/** A clock that only moves when told to; the admin endpoint advances it and fires what fell due. */
export class ManualClock implements Clock {
  readonly mode = 'manual' as const;
  #now: number;

  constructor(start: number = Date.parse('2026-01-05T09:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves the clock to `t`; time never runs backwards, so earlier instants are ignored. */
  set(t: number): void {
    if (t > this.#now) this.#now = t;
  }
}

/** Builds the clock named by `CLOCK` (`system` or `manual`). */
export function createClock(mode: string | undefined, start?: number): Clock {
  if (mode === undefined || mode === '' || mode === 'system') return systemClock;
  if (mode === 'manual') return new ManualClock(start);
  throw new Error(`CLOCK must be "system" or "manual", not "${mode}".`);
}
