import { describe, expect, it } from 'vitest';
import { parsePlace, placeHash } from './place.ts';

describe('the page address of an area', () => {
  it('reads an area and the lead or task open in it', () => {
    expect(parsePlace('#/leads/0193-abc')).toEqual({ area: 'leads', id: '0193-abc' });
    expect(parsePlace('#/tasks')).toEqual({ area: 'tasks', id: null });
    expect(parsePlace('#/reports/')).toEqual({ area: 'reports', id: null });
  });

  it('opens the journey canvas for an empty or unknown address', () => {
    for (const hash of ['', '#', '#/', '#/nowhere/1', '#/journeys/x']) {
      expect(parsePlace(hash)).toEqual({ area: 'journeys', id: null });
    }
  });

  it('takes an id that is not valid percent encoding as written, instead of failing to open the page', () => {
    expect(parsePlace('#/tasks/%ZZ')).toEqual({ area: 'tasks', id: '%ZZ' });
    expect(parsePlace('#/leads/%E0%A4%A')).toEqual({ area: 'leads', id: '%E0%A4%A' });
  });

  it('writes addresses it reads back, ids with any character included', () => {
    for (const place of [
      { area: 'leads', id: 'a/b c?' },
      { area: 'tasks', id: null },
      { area: 'journeys', id: null },
    ] as const) {
      expect(parsePlace(placeHash(place))).toEqual(place);
    }
  });

  it('reads and writes the leads at a step of a flow version', () => {
    const step = { flowId: 'greet/2', version: 3, nodeId: 'call 1' };
    expect(parsePlace(placeHash({ area: 'leads', id: null, step }))).toEqual({
      area: 'leads',
      id: null,
      step,
    });
    // Not a step address after all: a lead whose id is "step", or a version that is not one.
    expect(parsePlace('#/leads/step')).toEqual({ area: 'leads', id: 'step' });
    expect(parsePlace('#/leads/step/greet/0/call')).toEqual({ area: 'leads', id: 'step' });
  });
});
