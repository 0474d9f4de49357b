import { z } from 'zod';
import { Duration, durationMs, Stage } from './common.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const Op = z.enum([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'notIn',
  'contains',
  'exists',
  'notExists',
]);
export type Op = z.infer<typeof Op>;
const Value = z.union([Scalar, z.array(Scalar)]).optional();

export const BantKey = z.enum(['budget', 'authority', 'need', 'timeline']);

/** One test on what the lead is or did. */
export const Rule = z.discriminatedUnion('fact', [
  z.object({ fact: z.literal('attribute'), key: z.string().min(1), op: Op, value: Value }),
  z.object({ fact: z.literal('bant'), key: BantKey, op: Op, value: Value }),
  z.object({ fact: z.literal('score'), op: Op, value: z.number() }),
  z.object({ fact: z.literal('recycleCount'), op: Op, value: z.number() }),
  z.object({ fact: z.literal('stage'), op: z.enum(['in', 'notIn']), value: z.array(Stage).min(1) }),
  z.object({
    fact: z.literal('event'),
    eventType: z.string().min(1),
    op: z.enum(['occurred', 'notOccurred']),
    within: Duration.optional(),
  }),
]);
export type Rule = z.infer<typeof Rule>;

export const Condition = z.object({
  match: z.enum(['all', 'any']).default('all'),
  rules: z.array(Rule).max(50, 'at most 50 rules'),
});
export type Condition = z.infer<typeof Condition>;

/** Exact-match filter on an event's data, e.g. `{ formId: "demo-request" }`. */
export const EventFilter = z.record(z.string(), Scalar);
export type EventFilter = z.infer<typeof EventFilter>;

export type FactValue = string | number | boolean | null;

/** What a flow can test about a lead. The runtime supplies it fresh before every step. */
export interface LeadFacts {
  id: string;
  attributes: Record<string, FactValue>;
  bant: Partial<Record<z.infer<typeof BantKey>, FactValue>>;
  score: number;
  stage: Stage;
  stageReason?: string | null;
  recycleCount: number;
  /** Recent lead events, newest last, for "did the lead do X within Y" rules. */
  events: { type: string; at: number }[];
}

export function emptyLeadFacts(id = 'lead'): LeadFacts {
  return { id, attributes: {}, bant: {}, score: 0, stage: 'inquiry', recycleCount: 0, events: [] };
}

function compare(actual: FactValue | undefined, op: Op, expected: unknown): boolean {
  switch (op) {
    case 'exists':
      return actual !== undefined && actual !== null && actual !== '';
    case 'notExists':
      return actual === undefined || actual === null || actual === '';
    case 'eq':
      return actual === expected;
    case 'neq':
      return actual !== expected;
    case 'in':
      return Array.isArray(expected) && expected.includes(actual);
    case 'notIn':
      return Array.isArray(expected) && !expected.includes(actual);
    case 'contains':
      return (
        typeof actual === 'string' &&
        typeof expected === 'string' &&
        actual.toLowerCase().includes(expected.toLowerCase())
      );
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof actual !== 'number' || typeof expected !== 'number') return false;
      if (op === 'gt') return actual > expected;
      if (op === 'gte') return actual >= expected;
      if (op === 'lt') return actual < expected;
      return actual <= expected;
    }
  }
}

/** Event types the runtime uses for tasks and timers: never posted as a lead's event. */
export function reservedEventType(type: string): boolean {
  return type.startsWith('task.') || type.startsWith('xstate.');
}

/** Events of the steps themselves (sales tasks, timers, emails, webinars), as opposed to what a lead does. */
export function stepEventType(type: string): boolean {
  return reservedEventType(type) || type.startsWith('email.') || type.startsWith('webinar.');
}

export const opWords: Record<Op, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  exists: 'is set',
  notExists: 'is not set',
};

/**
 * Problems with a rule's value for its test, which would otherwise make the rule never (or always)
 * match: "is one of" needs a list, "is more than" a number, "contains" text.
 */
export function ruleProblem(rule: Rule): string | null {
  if (rule.fact === 'stage') return null;
  if (rule.fact === 'event') {
    if (reservedEventType(rule.eventType))
      return `“${rule.eventType}” is the runtime's own event, never a lead's`;
    return rule.within && rule.within.amount < 0 ? 'the time window cannot be negative' : null;
  }
  const v = rule.value;
  const test = `“${opWords[rule.op]}”`;
  switch (rule.op) {
    case 'exists':
    case 'notExists':
      return null;
    case 'in':
    case 'notIn':
      return Array.isArray(v) && v.length > 0 ? null : `${test} needs a list of values`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof v === 'number' ? null : `${test} needs a number`;
    case 'contains':
      return typeof v === 'string' && v !== '' ? null : `${test} needs some text`;
    default:
      return v === undefined || Array.isArray(v) ? `${test} needs one value` : null;
  }
}

/** An attribute as the lead has it: its own key only ("toString" is not every lead's attribute). */
const attributeOf = (
  attributes: Readonly<Record<string, FactValue | undefined>>,
  key: string,
): FactValue | undefined => (Object.hasOwn(attributes, key) ? attributes[key] : undefined);

export function evaluateRule(rule: Rule, lead: LeadFacts, now: number): boolean {
  switch (rule.fact) {
    case 'attribute':
      return compare(attributeOf(lead.attributes, rule.key), rule.op, rule.value);
    case 'bant':
      return compare(attributeOf(lead.bant, rule.key), rule.op, rule.value);
    case 'score':
      return compare(lead.score, rule.op, rule.value);
    case 'recycleCount':
      return compare(lead.recycleCount, rule.op, rule.value);
    case 'stage':
      return rule.op === 'in' ? rule.value.includes(lead.stage) : !rule.value.includes(lead.stage);
    case 'event': {
      const since = rule.within ? now - durationMs(rule.within) : Number.NEGATIVE_INFINITY;
      const seen = lead.events.some((e) => e.type === rule.eventType && e.at >= since);
      return rule.op === 'occurred' ? seen : !seen;
    }
  }
}

export function evaluateCondition(condition: Condition, lead: LeadFacts, now: number): boolean {
  const results = condition.rules.map((r) => evaluateRule(r, lead, now));
  return condition.match === 'any' ? results.some(Boolean) : results.every(Boolean);
}

export function matchesFilter(
  filter: EventFilter | undefined,
  data: Record<string, unknown> | undefined,
): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([k, v]) => data?.[k] === v);
}
