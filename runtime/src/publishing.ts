import {
  compileParsedFlow,
  type FlowDocument,
  type FlowIssue,
  flowWarnings,
  parseFlow,
  validateFlow,
} from '@tandem/schema';
import { canonicalJson } from './canonical-json.ts';
import { HttpError, notFound } from './http-error.ts';
import type { FlowVersionRecord } from './store/records.ts';
import type { StoreTx } from './store/store.ts';

/** Published flows by id, so cross-flow recycle targets are checked against what can actually run. */
async function publishedFlows(tx: StoreTx): Promise<Record<string, FlowDocument>> {
  return Object.fromEntries((await tx.latestVersions()).map((v) => [v.flowId, v.doc]));
}

/**
 * Shape check only: a draft may have semantic issues, but it must be a flow document with the right id.
 * A malformed one is refused with every issue validation finds (its shape errors first, then what is
 * wrong with its sound parts), so a client fixes them in one go.
 */
function parseDocument(id: string, body: unknown): FlowDocument {
  const parsed = parseFlow(body);
  if (!parsed.ok) {
    const all = validateFlow(body);
    const issues = all.ok ? parsed.issues : all.issues;
    throw new HttpError(
      400,
      'invalid_document',
      `The flow document is malformed: ${parsed.issues[0]?.message ?? ''}`,
      {
        issues,
        ...(parsed.issues[0]?.path ? { path: parsed.issues[0].path } : {}),
      },
    );
  }
  if (parsed.value.id !== id) {
    throw new HttpError(
      400,
      'id_mismatch',
      `The document's id “${parsed.value.id}” does not match the flow “${id}” in the URL.`,
      {
        path: ['id'],
      },
    );
  }
  return parsed.value;
}

async function issuesOf(tx: StoreTx, doc: FlowDocument): Promise<FlowIssue[]> {
  const result = validateFlow(doc, { flows: { ...(await publishedFlows(tx)), [doc.id]: doc } });
  return result.ok ? [] : result.issues;
}

/** The document to act on: the request's, else the stored draft, else the latest published version. */
async function documentFor(tx: StoreTx, id: string, body: unknown): Promise<FlowDocument> {
  if (body !== undefined && body !== null && !(typeof body === 'object' && Object.keys(body).length === 0)) {
    return parseDocument(id, body);
  }
  const flow = await tx.getFlow(id);
  if (flow?.draft) return flow.draft;
  const latest = await tx.latestVersion(id);
  if (latest) return latest.doc;
  throw notFound('flow', id);
}

/** Checks a draft change against the document it replaces (null for a new flow); throws to refuse it. */
export type DraftGuard = (before: FlowDocument | null, after: FlowDocument) => void;

export async function saveDraft(tx: StoreTx, id: string, body: unknown, now: number, guard?: DraftGuard) {
  const flow = parseDocument(id, body);
  if (guard) {
    const stored = await tx.getFlow(id);
    guard(stored?.draft ?? (await tx.latestVersion(id))?.doc ?? null, flow);
  }
  await tx.saveDraft({ id, name: flow.name, draft: flow, at: now });
  return { flow, issues: await issuesOf(tx, flow), warnings: flowWarnings(flow) };
}

export async function getDraft(tx: StoreTx, id: string) {
  const flow = await tx.getFlow(id);
  if (flow?.draft)
    return {
      flow: flow.draft,
      issues: await issuesOf(tx, flow.draft),
      warnings: flowWarnings(flow.draft),
      updatedAt: flow.draftUpdatedAt,
    };
  const latest = await tx.latestVersion(id);
  if (!latest) throw notFound('flow', id);
  return {
    flow: latest.doc,
    issues: await issuesOf(tx, latest.doc),
    warnings: flowWarnings(latest.doc),
    updatedAt: latest.publishedAt,
  };
}

/** Issues refuse publishing; warnings (see flowWarnings) are advice and never do. */
export async function validateDraft(tx: StoreTx, id: string, body: unknown) {
  const doc = await documentFor(tx, id, body);
  const issues = await issuesOf(tx, doc);
  return { ok: issues.length === 0, issues, warnings: flowWarnings(doc) };
}

/** A publish's answer: the version, and whether it already existed because the document had not changed. */
export interface Published {
  version: FlowVersionRecord;
  unchanged: boolean;
  /** Advice on the published document (see flowWarnings): published all the same. */
  warnings: FlowIssue[];
}

/**
 * Publishes an immutable version; an invalid flow is refused with its issues. A document the same as the
 * latest version's (key order aside) makes no new version: the latest is answered, `unchanged`.
 */
export async function publishFlow(tx: StoreTx, id: string, body: unknown, now: number): Promise<Published> {
  const doc = await documentFor(tx, id, body);
  const latest = await tx.latestVersion(id);
  // The same flow whatever the order of its keys (a client that rebuilt it may list a step's fields in
  // another order). Everything else counts, layout too: positions are what the designer shows for a
  // version, so a moved step is a new version. The latest version compiled when it was published, and
  // published flows are never taken back, so recycle targets it names still exist: no second check.
  if (latest && canonicalJson(latest.doc) === canonicalJson(doc)) {
    return { version: latest, unchanged: true, warnings: flowWarnings(latest.doc) };
  }
  // documentFor parsed the body (or returns a stored, parsed document): only the semantic checks remain.
  const compiled = compileParsedFlow(doc, { flows: { ...(await publishedFlows(tx)), [doc.id]: doc } });
  if (!compiled.ok) {
    throw new HttpError(
      400,
      'invalid_flow',
      `“${doc.name}” has ${compiled.issues.length} problem(s) to fix before publishing.`,
      {
        issues: compiled.issues,
      },
    );
  }
  const version: FlowVersionRecord = {
    flowId: id,
    version: (latest?.version ?? 0) + 1,
    name: doc.name,
    doc,
    machine: compiled.value,
    publishedAt: now,
  };
  await tx.insertVersion(version);
  return { version, unchanged: false, warnings: flowWarnings(doc) };
}

/**
 * Publishes a flow unless its latest version already has the same document: starting the runtime
 * twice does not pile up identical versions.
 */
export async function publishIfChanged(
  tx: StoreTx,
  body: unknown,
  now: number,
): Promise<FlowVersionRecord | null> {
  const parsed = parseFlow(body);
  if (!parsed.ok)
    throw new HttpError(400, 'invalid_document', parsed.issues[0]?.message ?? 'malformed flow', {
      issues: parsed.issues,
    });
  const { version, unchanged } = await publishFlow(tx, parsed.value.id, parsed.value, now);
  return unchanged ? null : version;
}
