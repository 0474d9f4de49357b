import { branch } from './branch.ts';
import { email } from './email.ts';
import { entry } from './entry.ts';
import { fork } from './fork.ts';
import { exit, goal } from './goal.ts';
import { handoff } from './handoff.ts';
import type { NodeKindDef } from './kind.ts';
import { recycle } from './recycle.ts';
import { salesCall } from './sales-call.ts';
import { salesMeeting } from './sales-meeting.ts';
import { score } from './score.ts';
import { split } from './split.ts';
import { stage } from './stage.ts';
import { wait } from './wait.ts';
import { waitForEvent } from './wait-for-event.ts';
import { webinar } from './webinar.ts';

// biome-ignore lint/suspicious/noExplicitAny: shared code handles every kind through this erased view.
export type AnyNodeKind = NodeKindDef<string, any>;

export const nodeKindNames = [
  'entry',
  'email',
  'webinar',
  'salesCall',
  'salesMeeting',
  'handoff',
  'recycle',
  'wait',
  'waitForEvent',
  'branch',
  'split',
  'fork',
  'score',
  'stage',
  'goal',
  'exit',
] as const;
export type NodeKind = (typeof nodeKindNames)[number];

/** Every node kind, in one table: leaving one out is a type error. */
export const nodeKinds = {
  entry,
  email,
  webinar,
  salesCall,
  salesMeeting,
  handoff,
  recycle,
  wait,
  waitForEvent,
  branch,
  split,
  fork,
  score,
  stage,
  goal,
  exit,
} satisfies { [K in NodeKind]: { kind: K } & AnyNodeKind };

export type SettingsOf<K extends NodeKind> =
  (typeof nodeKinds)[K] extends NodeKindDef<K, infer S> ? S : never;

/** The definition of a kind by name; undefined for any other name, including Object's own ("toString"). */
export function kindDef(kind: string): AnyNodeKind | undefined {
  return Object.hasOwn(nodeKinds, kind) ? (nodeKinds as Record<string, AnyNodeKind>)[kind] : undefined;
}

/** Settings for a node just added to the canvas. */
export function defaultSettings(kind: NodeKind): unknown {
  const def = kindDef(kind) as AnyNodeKind;
  return def.defaults ?? def.settings.parse({});
}
