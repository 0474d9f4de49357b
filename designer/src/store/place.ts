import { create } from 'zustand';

/** The designer's areas: drawing journeys, and the runtime's leads, sales tasks and reports. */
export type Area = 'journeys' | 'leads' | 'tasks' | 'reports';

export const areas: { id: Area; label: string }[] = [
  { id: 'journeys', label: 'Journeys' },
  { id: 'leads', label: 'Leads' },
  { id: 'tasks', label: 'Tasks' },
  { id: 'reports', label: 'Reports' },
];

/** Where the user is: an area, and the lead or task open in it (shareable as the page's hash). */
export interface Place {
  area: Area;
  id: string | null;
  /** In the Leads area: the leads at this step of a published version now (`#/leads/step/<flow>/<v>/<step>`). */
  step?: StepRef | undefined;
}

/** A step of a published flow version. */
export interface StepRef {
  flowId: string;
  version: number;
  nodeId: string;
}

/**
 * An id as the address carries it. A hand-typed or truncated link (`#/tasks/%ZZ`) is not valid percent
 * encoding: decoding it would throw and leave a blank page, so it is taken as written and the runtime
 * answers that no such lead or task exists.
 */
function idOf(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** `#/leads/0193…` → the Leads area with that lead open; anything unknown is the journey canvas. */
export function parsePlace(hash: string): Place {
  const [area = '', id = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const known = areas.find((a) => a.id === area);
  if (!known || known.id === 'journeys') return { area: 'journeys', id: null };
  const [flowId, version, nodeId] = rest;
  if (known.id === 'leads' && id === 'step' && flowId && nodeId && /^[1-9]\d*$/.test(version ?? '')) {
    return {
      area: 'leads',
      id: null,
      step: { flowId: idOf(flowId), version: Number(version), nodeId: idOf(nodeId) },
    };
  }
  return { area: known.id, id: id ? idOf(id) : null };
}

export function placeHash(place: Place): string {
  if (place.area === 'journeys') return '#/';
  const { step } = place;
  if (place.area === 'leads' && step) {
    return `#/leads/step/${encodeURIComponent(step.flowId)}/${step.version}/${encodeURIComponent(step.nodeId)}`;
  }
  return `#/${place.area}${place.id ? `/${encodeURIComponent(place.id)}` : ''}`;
}

interface PlaceStore extends Place {
  /** Goes to an area (and a lead or task in it): the page's hash follows, so Back returns. */
  go(area: Area, id?: string | null): void;
  /** Goes to the leads at a step of a published version. */
  showStep(step: StepRef): void;
}

export const usePlace = create<PlaceStore>((set) => ({
  ...parsePlace(typeof location === 'undefined' ? '' : location.hash),
  go: (area, id = null) => {
    const place = { area, id, step: undefined };
    set(place);
    const hash = placeHash(place);
    if (typeof location !== 'undefined' && location.hash !== hash) location.hash = hash;
  },
  showStep: (step) => {
    const place = { area: 'leads' as const, id: null, step };
    set(place);
    const hash = placeHash(place);
    if (typeof location !== 'undefined' && location.hash !== hash) location.hash = hash;
  },
}));

/** Follows the page's hash (Back, Forward, a pasted link) into the store. */
export function followHash(): () => void {
  const sync = () => {
    const place = parsePlace(location.hash);
    const now = usePlace.getState();
    if (placeHash(now) !== placeHash(place)) usePlace.setState({ step: undefined, ...place });
  };
  window.addEventListener('hashchange', sync);
  return () => window.removeEventListener('hashchange', sync);
}
