import { describe, expect, it } from 'vitest';
import { starterFlow } from '../flow/starter.ts';
import { useSimulation } from './simulation.ts';

const sim = () => useSimulation.getState();

describe('simulation store', () => {
  it('runs a test lead down the recycle path, steps back and restarts', () => {
    sim().start(starterFlow);
    expect([...sim().active]).toEqual(['greet']);
    sim().choose('greet', 'noAnswer');
    expect([...sim().active]).toEqual(['recycleNoAnswer']);
    expect(sim().taken.has('greet:noAnswer')).toBe(true);
    sim().choose('recycleNoAnswer', 'reentered');
    expect([...sim().active]).toEqual(['guide']);
    expect(sim().state?.log.some((l) => l.text.startsWith('Recycled: Tried calling, no answer'))).toBe(true);
    sim().back();
    expect([...sim().active]).toEqual(['recycleNoAnswer']);
    sim().restart();
    expect([...sim().active]).toEqual(['greet']);
    expect(sim().visited.has('recycleNoAnswer')).toBe(false);
  });

  it('refuses to simulate a flow with issues', () => {
    sim().start({ ...starterFlow, edges: [] });
    expect(sim().running).toBe(false);
    expect(sim().error).toMatch(/Fix the issues/);
  });
});
