import type { NodeKind } from '@tandem/schema';

/** 24×24 stroke paths, one per step kind. */
export const kindIcons: Record<NodeKind, string> = {
  entry: 'M7 4l13 8-13 8z',
  email: 'M3 6h18v12H3z M3 6l9 7 9-7',
  webinar: 'M3 5h18v11H3z M8 20h8 M10 8.5l5 2.5-5 2.5z',
  salesCall: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  salesMeeting:
    'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M3 20a6 6 0 0 1 12 0 M16 5a3 3 0 0 1 0 6 M21 20a6 6 0 0 0-4-5.6',
  handoff: 'M4 12h10 M11 7l5 5-5 5 M20 5v14',
  recycle: 'M4 12a8 8 0 0 1 14-5.3 M18 3v4h-4 M20 12a8 8 0 0 1-14 5.3 M6 21v-4h4',
  wait: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z M12 7v5l3 2',
  waitForEvent: 'M13 3L5 14h6l-1 7 8-11h-6z',
  branch: 'M6 3v18 M6 12h6l6-6 M12 12l6 6',
  split: 'M12 3v6 M12 9l-6 6v6 M12 9l6 6v6',
  fork: 'M8 3v18 M16 3v18 M4 7h16',
  score: 'M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3l-5.5 2.9 1-6.2L3 9.6l6.2-.9z',
  stage: 'M3 20h5v-5h5v-5h5V5h3',
  goal: 'M5 21V4 M5 4h12l-2 4 2 4H5',
  exit: 'M10 4H5v16h5 M14 8l4 4-4 4 M18 12H9',
};
