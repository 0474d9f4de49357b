import { type NodeKind, nodeKindNames } from '@tandem/schema';

export type Role = 'admin' | 'marketing' | 'sales' | 'ingest';

export interface Permissions {
  canSaveDraft: boolean;
  canPublish: boolean;
  canViewStats: boolean;
  /** Whether the flow's own settings (name, id, description, entry rule) may change: not for sales. */
  canEditFlow: boolean;
  /** Whether the role may list and open the runtime's flows (an ingest token may not). */
  canReadFlows: boolean;
  /** Step kinds this role may add; sales adds personal touches only. */
  addableKinds: ReadonlySet<NodeKind>;
  /** Why a denied action is denied, in the user's words. */
  why: {
    publish?: string;
    save?: string;
    edit?: string;
    stats?: string;
    connect?: string;
    flows?: string;
  };
}

const salesKinds: NodeKind[] = ['salesCall', 'salesMeeting'];

const connectFirst = 'Connect with a token to save or publish.';

/**
 * What the designer offers when the runtime asks for a token and none is given (or the user chose to work
 * locally): everything local, nothing that needs the runtime.
 */
export const signedOutPermissions: Permissions = {
  canSaveDraft: false,
  canPublish: false,
  canViewStats: false,
  canEditFlow: true,
  // Asked anyway: the runtime's 401 is what shows the token dialog again.
  canReadFlows: true,
  addableKinds: new Set<NodeKind>(nodeKindNames),
  why: { publish: connectFirst, save: connectFirst, stats: 'Connect with a token to see live counts.' },
};

/**
 * Whether a role may connect `source` to `target` (kinds): as the runtime checks a sales draft, a connection is
 * the role's when it touches a step the role may change.
 */
export function mayConnect(p: Permissions, source: NodeKind, target: NodeKind): boolean {
  return mayChange(p, source) || mayChange(p, target);
}

/** Whether a role may change (edit, delete, duplicate, paste) a step of this kind: the kinds it may add. */
export function mayChange(p: Permissions, kind: NodeKind): boolean {
  return p.addableKinds.has(kind);
}

/**
 * What the designer offers each role, mirroring the runtime's access rules: marketing drafts and
 * publishes; sales adds sales steps to drafts but does not publish; ingest tokens are for machines.
 * With no role (runtime unreachable, or no auth), everything local stays possible.
 */
export function permissionsFor(role: Role | null): Permissions {
  const all = new Set<NodeKind>(nodeKindNames);
  switch (role) {
    case null:
    case 'admin':
    case 'marketing':
      return {
        canSaveDraft: true,
        canPublish: true,
        canViewStats: true,
        canEditFlow: true,
        canReadFlows: true,
        addableKinds: all,
        why: {},
      };
    case 'sales':
      return {
        canSaveDraft: true,
        canPublish: false,
        canViewStats: false,
        canEditFlow: false,
        canReadFlows: true,
        addableKinds: new Set(salesKinds),
        why: {
          publish: 'Sales tokens add sales steps to drafts; marketing ops publish.',
          edit: 'With a sales token you add sales calls and meetings; other steps are marketing’s.',
          stats: 'Live counts need a marketing or admin token.',
          connect:
            'With a sales token you connect sales calls and meetings; other connections are marketing’s.',
        },
      };
    case 'ingest':
      return {
        canSaveDraft: false,
        canPublish: false,
        canViewStats: false,
        canEditFlow: false,
        canReadFlows: false,
        addableKinds: new Set(),
        why: {
          publish: 'An ingest token only posts leads and events; use a marketing token to publish.',
          save: 'An ingest token only posts leads and events; use a marketing or sales token to save.',
          edit: 'An ingest token only posts leads and events; use a marketing or sales token to edit.',
          stats: 'An ingest token cannot read stats.',
          flows:
            'An ingest token only posts leads and events; use a marketing or sales token to open flows here.',
        },
      };
  }
}
