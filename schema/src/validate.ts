import type { z } from 'zod';
import type { FlowIssue, Result } from './common.ts';
import { reservedEventType, ruleProblem } from './conditions.ts';
import { type FlowDocument, FlowDocumentSchema, type FlowNode } from './flow.ts';
import {
  buildGraph,
  type FlowGraph,
  findRegions,
  instantLoops,
  type Regions,
  reachableFrom,
} from './graph.ts';
import { checkDuration } from './nodes/checks.ts';
import type { OutcomeDef } from './nodes/kind.ts';
import type { AnyNodeKind } from './nodes/registry.ts';
import { nothingUnread, salvageFlow, type Unread } from './salvage.ts';

export interface ValidateOptions {
  /** Other flows by id, to check recycle targets in other flows. Unchecked when absent. */
  flows?: Record<string, { nodes: { id: string }[] }>;
}

/** Parses a document's shape only: zod paths for anything malformed. */
export function parseFlow(input: unknown): Result<FlowDocument> {
  const parsed = FlowDocumentSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data as unknown as FlowDocument };
  return { ok: false, issues: parsed.error.issues.map((i) => zodIssue(i, input)) };
}

const typeWords: Record<string, string> = {
  array: 'a list',
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'yes or no',
  object: 'a group of settings',
  undefined: 'nothing',
  null: 'empty',
};

/** Zod's wording of a wrong type, in the words of the rest of the validator. */
function plainMessage(issue: z.core.$ZodIssue): string {
  const types = /expected (\w+), received (\w+)/.exec(issue.message);
  if (issue.code === 'invalid_type' && types) {
    const [, expected = '', received = ''] = types;
    const want = typeWords[expected] ?? expected;
    if (received === 'undefined') return `is missing (${want})`;
    if (expected === 'int' && received === 'number') return 'should be a whole number';
    return `should be ${want}, not ${typeWords[received] ?? received}`;
  }
  // Zod's own wording ("Too big: expected number to be <=168") only where a schema gave no message of ours.
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.message.startsWith('Too ')) {
    const big = issue.code === 'too_big';
    const limit = Number(big ? issue.maximum : issue.minimum);
    const exclusive = !issue.inclusive;
    if (issue.origin === 'number') {
      return big
        ? `should be ${exclusive ? 'less than' : 'at most'} ${limit}`
        : `should be ${exclusive ? 'more than' : 'at least'} ${limit}`;
    }
    const unit = issue.origin === 'string' ? 'characters' : 'items';
    if (!big && limit === 1) return issue.origin === 'string' ? 'is required' : 'needs at least one';
    return `should have ${big ? 'at most' : 'at least'} ${limit} ${unit}`;
  }
  if (issue.code === 'invalid_value' && Array.isArray(issue.values)) {
    return `should be one of: ${issue.values.map(String).join(', ')}`;
  }
  const kinds = /Invalid discriminator value\. Expected (.*)$/.exec(issue.message);
  if (kinds?.[1])
    return `is not one of the kinds there are: ${kinds[1].replaceAll("'", '').split(' | ').join(', ')}`;
  return issue.message;
}

function zodIssue(issue: z.core.$ZodIssue, input: unknown): FlowIssue {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let where = path.length ? path.join('.') : 'the document';
  const result: FlowIssue = { path, code: 'invalid_document', message: '' };
  // Point at the node or edge when the path goes through one, so the canvas can select it, and name it.
  const [list, index] = path;
  if ((list === 'nodes' || list === 'edges') && typeof index === 'number') {
    const item = (input as Record<string, unknown[]>)[list]?.[index] as
      | { id?: unknown; label?: unknown }
      | undefined;
    if (item && typeof item.id === 'string') {
      result[list === 'nodes' ? 'nodeId' : 'edgeId'] = item.id;
      const field = path.slice(2).join('.');
      const named =
        list === 'nodes'
          ? typeof item.label === 'string' && item.label
            ? `“${item.label}”`
            : `step ${item.id}`
          : `connection ${item.id}`;
      where = field ? `${named}, ${field}` : named;
    }
  }
  result.message = `${where}: ${plainMessage(issue)}`;
  return result;
}

/** Every problem in a flow at once, in words a marketer understands. Never throws. */
export function validateFlow(input: unknown, options: ValidateOptions = {}): Result<FlowDocument> {
  const parsed = parseFlow(input);
  if (!parsed.ok) return { ok: false, issues: withSemanticIssues(input, parsed.issues, options) };
  const doc = parsed.value;
  const issues = checkFlow(doc, options);
  return issues.length ? { ok: false, issues } : { ok: true, value: doc };
}

/**
 * A malformed document's shape issues, then the semantic issues of its sound parts (read one step and
 * one connection at a time; see `salvageFlow`), so a user sees every problem at once rather than batch
 * after batch. Checks that would depend on a malformed part are skipped.
 */
export function withSemanticIssues(
  input: unknown,
  shapeIssues: FlowIssue[],
  options: ValidateOptions = {},
): FlowIssue[] {
  const salvaged = salvageFlow(input);
  if (!salvaged) return shapeIssues;
  const issues = [...shapeIssues];
  for (const issue of inspectFlow(salvaged.doc, options, salvaged.unread).issues) {
    // A connection kept without its malformed id: the issue names none.
    if (issue.edgeId === '') delete issue.edgeId;
    issues.push(issue);
  }
  return issues;
}

function name(node: FlowNode): string {
  return node.label ? `“${node.label}”` : `step ${node.id}`;
}

export function checkFlow(doc: FlowDocument, options: ValidateOptions = {}): FlowIssue[] {
  return inspectFlow(doc, options).issues;
}

/** A parsed document's issues, with the graph and regions the checks built (compiling reuses them). */
export function inspectFlow(
  doc: FlowDocument,
  options: ValidateOptions = {},
  unread: Unread = nothingUnread,
): { issues: FlowIssue[]; graph: FlowGraph; regions: Regions | null } {
  const issues: FlowIssue[] = [];
  const graph = buildGraph(doc, unread.unknown);
  let regions: Regions | null = null;

  const seenNodes = new Set<string>();
  for (const n of doc.nodes) {
    if (seenNodes.has(n.id))
      issues.push({ nodeId: n.id, code: 'duplicate_node_id', message: `Two steps have the id “${n.id}”.` });
    seenNodes.add(n.id);
  }
  const seenEdges = new Set<string>();
  for (const e of doc.edges) {
    // '' is a malformed document's connection without an id (see `salvageFlow`): not a duplicate.
    if (seenEdges.has(e.id) && e.id !== '')
      issues.push({
        edgeId: e.id,
        code: 'duplicate_edge_id',
        message: `Two connections have the id “${e.id}”.`,
      });
    seenEdges.add(e.id);
  }

  const entries = doc.nodes.filter((n) => n.kind === 'entry');
  if (entries.length === 0 && !unread.nodeMissing) {
    issues.push({
      code: 'missing_entry',
      message: 'The flow has no entry step: add one so leads have somewhere to start.',
    });
  }
  for (const extra of entries.slice(1)) {
    issues.push({
      nodeId: extra.id,
      code: 'multiple_entries',
      message: `The flow has ${entries.length} entry steps; keep exactly one.`,
    });
  }

  const trigger = doc.entry.trigger;
  if (trigger.type === 'event' && reservedEventType(trigger.eventType)) {
    issues.push({
      path: ['entry', 'trigger', 'eventType'],
      code: 'invalid_setting',
      message: `The entry rule's event “${trigger.eventType}” is the runtime's own (tasks and timers) and never comes from outside: no lead would enter.`,
    });
  } else if (trigger.type === 'event' && /[*\s]/.test(trigger.eventType)) {
    issues.push({
      path: ['entry', 'trigger', 'eventType'],
      code: 'invalid_setting',
      message: `The entry rule's event “${trigger.eventType}” is not an event type: name one exactly, e.g. form.submitted (no “*”, no spaces).`,
    });
  }
  if (trigger.type === 'attributes') {
    if (trigger.condition.rules.length === 0) {
      issues.push({
        path: ['entry', 'trigger', 'condition'],
        code: 'empty_condition',
        message: 'The entry rule “when the lead matches” has no rules: every lead would enter.',
      });
    }
    for (const [j, rule] of trigger.condition.rules.entries()) {
      const problem = ruleProblem(rule);
      if (problem) {
        issues.push({
          path: ['entry', 'trigger', 'condition', 'rules', j],
          code: 'invalid_rule',
          message: `The entry rule, rule ${j + 1}: ${problem}.`,
        });
      }
    }
  }
  const reentry = doc.entry.reentry;
  if (reentry.policy === 'afterCooldown') {
    for (const i of checkDuration(reentry.cooldown, [], 'The re-entry cooldown')) {
      issues.push({ path: ['entry', 'reentry', 'cooldown'], code: i.code, message: i.message });
    }
  }

  for (const node of doc.nodes) {
    // Of a malformed document's step of an unknown kind, only its id and connections are known.
    const def = graph.kind(node) as AnyNodeKind | undefined;
    if (!def) continue;
    const malformed = unread.malformed.get(node);
    for (const i of unread.settings.has(node) ? [] : (def.check?.(node.settings) ?? [])) {
      // A malformed setting's default stood in for it: its problem is the shape issue already listed.
      const setting = i.path?.[0];
      if (typeof setting === 'string' && malformed?.has(setting)) continue;
      issues.push({
        nodeId: node.id,
        path: ['settings', ...(i.path ?? [])],
        code: i.code,
        message: `${name(node)}: ${i.message}`,
      });
    }
    if (
      def.category === 'sales' &&
      (node.owner.team !== 'sales' || !node.owner.queue) &&
      !unread.owner.has(node)
    ) {
      issues.push({
        nodeId: node.id,
        path: ['owner', 'queue'],
        code: 'missing_queue',
        message: `${name(node)} is a sales step: choose the sales queue that works it (telequalifying, inside sales or field rep).`,
      });
    }
    checkOutcomes(node, def, graph, unread, issues);
    for (const link of graph.knows(node, 'links') ? (def.links?.(node.settings) ?? []) : []) {
      if (link.flowId === doc.id) {
        issues.push({
          nodeId: node.id,
          path: ['settings', 'target', 'flowId'],
          code: 'recycle_target_own_flow',
          message: `${name(node)} names this flow as the flow to go to; leave the flow empty to re-enter this flow.`,
        });
        continue;
      }
      if (link.flowId === undefined && link.nodeId === node.id) {
        issues.push({
          nodeId: node.id,
          path: ['settings', 'target', 'nodeId'],
          code: 'recycle_target_self',
          message: `${name(node)} sends leads back to itself; choose the step where they re-enter nurture.`,
        });
        continue;
      }
      const missing =
        link.flowId === undefined || link.flowId === doc.id
          ? !graph.byId.has(link.nodeId) && !unread.nodeMissing
          : options.flows !== undefined &&
            !(
              Object.hasOwn(options.flows, link.flowId) &&
              options.flows[link.flowId]?.nodes?.some((n) => n.id === link.nodeId)
            );
      if (missing) {
        const where = link.flowId && link.flowId !== doc.id ? `flow “${link.flowId}”` : 'this flow';
        issues.push({
          nodeId: node.id,
          path: ['settings', 'target'],
          code: 'recycle_target_missing',
          message: `${name(node)} sends leads back to step “${link.nodeId}”, which does not exist in ${where}.`,
        });
      }
    }
  }

  for (const e of doc.edges) {
    const source = graph.byId.get(e.source);
    if (!source) {
      // A step without an id may be the one it starts at.
      if (!unread.nodeMissing)
        issues.push({
          edgeId: e.id,
          code: 'edge_unknown_source',
          message: `A connection starts at step “${e.source}”, which does not exist.`,
        });
      continue;
    }
    if (!graph.byId.has(e.target)) {
      if (!unread.nodeMissing)
        issues.push({
          edgeId: e.id,
          nodeId: source.id,
          code: 'edge_missing_target',
          message: `${name(source)} connects to step “${e.target}”, which does not exist.`,
        });
    } else if (graph.byId.get(e.target)?.kind === 'entry') {
      issues.push({
        edgeId: e.id,
        nodeId: e.target,
        code: 'edge_into_entry',
        message: 'Nothing can lead back into the entry step; connect to the first real step instead.',
      });
    }
    if (!graph.knows(source, 'outcomes')) continue;
    const outcomes = graph.kind(source).outcomes(source.settings);
    if (!outcomes.some((o) => o.id === e.outcome)) {
      const named = outcomes.map((o) => `“${outcomeName(graph, source, o)}”`);
      issues.push({
        edgeId: e.id,
        nodeId: source.id,
        code: 'edge_unknown_outcome',
        message: `${name(source)} has no outcome “${e.outcome}” (it has: ${named.join(', ') || 'none'}).`,
      });
    }
  }

  const entry = entries[0];
  if (entry) {
    const reachable = reachableFrom(graph, entry.id);
    for (const n of reachabilityJudged(graph, reachable, unread) ? doc.nodes : []) {
      if (!reachable.has(n.id) && n.kind !== 'entry') {
        issues.push({
          nodeId: n.id,
          code: 'unreachable',
          message: `${name(n)} cannot be reached from the entry; connect it or remove it.`,
        });
      }
    }
    regions = findRegions(graph, entry.id);
    issues.push(...regions.issues);
  }

  for (const loop of instantLoops(graph)) {
    // A loop back into the entry is already refused as a connection into the entry.
    if (loop.some((id) => graph.byId.get(id)?.kind === 'entry')) continue;
    const names = loop.map((id) => name(graph.byId.get(id) as FlowNode)).join(' → ');
    issues.push({
      nodeId: loop[0] as string,
      code: 'instant_loop',
      message: `The loop ${names} has no wait, email or sales step, so a lead would go round it forever. Add a step that takes time.`,
    });
  }
  return { issues, graph, regions };
}

/** A step's outcomes against its ends and connections, when a malformed document let them be known. */
function checkOutcomes(
  node: FlowNode,
  def: AnyNodeKind,
  graph: FlowGraph,
  unread: Unread,
  issues: FlowIssue[],
): void {
  if (!graph.knows(node, 'outcomes')) return;
  const terminalRead = !unread.terminal.has(node);
  const outcomes = def.outcomes(node.settings);
  const ids = new Set(outcomes.map((o) => o.id));
  for (const t of terminalRead ? node.terminal : []) {
    if (!ids.has(t)) {
      issues.push({
        nodeId: node.id,
        code: 'unknown_outcome',
        message: `${name(node)} has no outcome “${t}” to mark as an end.`,
      });
    } else if (graph.out.get(node.id)?.has(t)) {
      issues.push({
        nodeId: node.id,
        code: 'terminal_with_edge',
        message: `${name(node)}: outcome “${t}” is marked as an end but is also connected.`,
      });
    }
  }
  for (const o of outcomes) {
    const edges = graph.out.get(node.id)?.get(o.id) ?? [];
    if (edges.length === 0 && !node.terminal.includes(o.id) && terminalRead && !unread.edgeMissing) {
      issues.push({
        nodeId: node.id,
        code: 'unconnected_outcome',
        message: `${name(node)}: outcome “${outcomeName(graph, node, o)}” leads nowhere. Connect it to a step or mark it as an end.`,
      });
    }
    for (const dup of edges.slice(1)) {
      issues.push({
        nodeId: node.id,
        edgeId: dup.id,
        code: 'duplicate_outcome_edge',
        message: `${name(node)}: outcome “${outcomeName(graph, node, o)}” has ${edges.length} connections; a lead can only take one.`,
      });
    }
  }
}

/**
 * An outcome by its label, or by its id while a setting its label is worded from does not parse (the label
 * would word the default standing in for it, “Opened within 3 days” for a window the user did not set).
 */
function outcomeName(graph: FlowGraph, node: FlowNode, outcome: OutcomeDef): string {
  return graph.knows(node, 'labels') ? outcome.label : outcome.id;
}

/**
 * Whether unreached steps are really unreachable: not when a step or a connection of a malformed document
 * could not be read, nor when a reached step's links (a recycle target) are in settings that could not be.
 */
function reachabilityJudged(graph: FlowGraph, reachable: Set<string>, unread: Unread): boolean {
  if (unread === nothingUnread) return true;
  if (unread.nodeMissing || unread.edgeMissing) return false;
  for (const [n, unknown] of unread.unknown) {
    // A step of an unknown kind is taken to have no links, only its connections.
    if (unknown.has('links') && reachable.has(n.id) && (graph.kind(n) as AnyNodeKind | undefined)?.links)
      return false;
  }
  return true;
}
