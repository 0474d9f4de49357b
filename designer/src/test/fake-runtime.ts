import type { FlowDocument } from '@tandem/schema';
import { vi } from 'vitest';
import type { FlowSummary, VersionSummary } from '../api/client.ts';

export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

/**
 * A runtime on `fetch`: flows, drafts and versions in memory, every call recorded. With `tokens`, calls
 * without one of them answer 401, as the real runtime does.
 */
export function fakeRuntime(
  opts: {
    flows?: FlowSummary[];
    drafts?: Record<string, FlowDocument>;
    versions?: Record<string, VersionSummary[]>;
    tokens?: Record<string, { role: string; name: string }>;
    /** Answers saves with this error (status 400). */
    saveError?: string;
  } = {},
) {
  const flows = [...(opts.flows ?? [])];
  const calls: FakeCall[] = [];
  // Published documents per flow, as the runtime keeps them: the same document again makes no new version.
  const published = new Map<string, { text: string; version: number }>();
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async (url: string, init?: { method?: string; body?: string; headers?: Record<string, string> }) => {
        const method = init?.method ?? 'GET';
        const path = url.replace(/^\/api/, '');
        calls.push({ method, path, body: init?.body ? JSON.parse(init.body) : undefined });
        let me = { role: 'admin', name: 'Admin' };
        if (opts.tokens) {
          const auth = init?.headers?.authorization?.replace('Bearer ', '') ?? '';
          const who = opts.tokens[auth];
          if (!who) return json({ error: { code: 'unauthorized', message: 'This API needs a token.' } }, 401);
          me = who;
        }
        if (path === '/me') return json({ ...me, queues: null });
        if (path === '/flows') return json(flows);
        const m = path.match(/^\/flows\/([^/]+)\/(draft|publish|versions)(?:\/(\d+))?(\/stats)?$/);
        if (!m) return json({ error: { code: 'not_found', message: 'Not found.' } }, 404);
        const id = decodeURIComponent(m[1] as string);
        if (m[2] === 'draft' && method === 'PUT') {
          if (opts.saveError) return json({ error: { code: 'invalid', message: opts.saveError } }, 400);
          const flow = JSON.parse(init?.body ?? '{}') as FlowDocument;
          const known = flows.find((f) => f.id === id);
          if (known) known.hasDraft = true;
          else flows.push({ id, name: flow.name, hasDraft: true, draftUpdatedAt: null, latestVersion: null });
          return json({ flow, issues: [] });
        }
        if (m[2] === 'draft') {
          const flow = opts.drafts?.[id];
          return flow ? json({ flow, issues: [], updatedAt: '2026-01-05T09:00:00Z' }) : json({}, 404);
        }
        if (m[2] === 'publish') {
          const text = init?.body ?? '';
          const latest = published.get(id);
          const unchanged = latest?.text === text;
          const version = unchanged ? (latest?.version ?? 1) : (latest?.version ?? 0) + 1;
          published.set(id, { text, version });
          return json(
            { flowId: id, version, publishedAt: '2026-01-05T09:00:00Z', unchanged, warnings: [] },
            unchanged ? 200 : 201,
          );
        }
        if (m[4]) return json({ nodes: {} });
        if (m[3]) {
          const flow = opts.drafts?.[id];
          return json({ flowId: id, version: Number(m[3]), publishedAt: '2026-01-05T09:00:00Z', flow });
        }
        return json(opts.versions?.[id] ?? []);
      },
    ),
  );
  return calls;
}

export const summary = (id: string, name: string, latestVersion: number | null = null): FlowSummary => ({
  id,
  name,
  hasDraft: true,
  draftUpdatedAt: '2026-01-05T09:00:00Z',
  latestVersion,
});
