import { opWords as schemaOpWords } from '@tandem/schema';
/**
 * Reads a settings zod schema into a small description of the form that edits it, so the inspector
 * has one generic renderer for every node kind. Only zod's public `_zod.def` data is read.
 */
export type FieldSpec =
  | { type: 'text' }
  | { type: 'number'; int: boolean }
  | { type: 'boolean' }
  | { type: 'enum'; options: string[] }
  | { type: 'duration' }
  | { type: 'textList' }
  | { type: 'scalar' }
  | { type: 'record' }
  | { type: 'object'; fields: ObjectField[] }
  | { type: 'list'; item: FieldSpec; itemDefault: unknown }
  | {
      type: 'union';
      discriminator: string;
      options: { value: string; spec: FieldSpec & { type: 'object' } }[];
    }
  | { type: 'json' };

export interface ObjectField {
  key: string;
  spec: FieldSpec;
  optional: boolean;
  defaultValue?: unknown;
}

interface Def {
  type: string;
  innerType?: ZodLike;
  defaultValue?: unknown;
  shape?: Record<string, ZodLike>;
  element?: ZodLike;
  entries?: Record<string, string>;
  options?: ZodLike[];
  discriminator?: string;
  values?: unknown[];
  checks?: { _zod?: { def?: { format?: string } } }[];
}
export interface ZodLike {
  _zod: { def: Def };
}

const def = (s: ZodLike): Def => s._zod.def;

/** Peels defaults, prefaults and optionals, remembering what they said. */
function unwrap(s: ZodLike): { inner: ZodLike; optional: boolean; defaultValue?: unknown } {
  let inner = s;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const d = def(inner);
    if ((d.type === 'default' || d.type === 'prefault') && d.innerType) {
      if (defaultValue === undefined) defaultValue = structuredClone(d.defaultValue);
      inner = d.innerType;
    } else if ((d.type === 'optional' || d.type === 'nullable') && d.innerType) {
      optional = true;
      inner = d.innerType;
    } else return defaultValue === undefined ? { inner, optional } : { inner, optional, defaultValue };
  }
}

/** Whether a union holds only plain values, lists of them, and unions of those (a rule's value). */
function plainUnion(union: ZodLike): boolean {
  return (def(union).options ?? []).every((o) => {
    const inner = unwrap(o).inner;
    const type = def(inner).type;
    if (type === 'union') return !def(inner).discriminator && plainUnion(inner);
    return ['string', 'number', 'boolean', 'null', 'array'].includes(type);
  });
}

export function fieldSpec(schema: ZodLike): FieldSpec {
  const { inner } = unwrap(schema);
  const d = def(inner);
  switch (d.type) {
    case 'string':
      return { type: 'text' };
    case 'number':
      return { type: 'number', int: (d.checks ?? []).some((c) => c._zod?.def?.format?.includes('int')) };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'enum', options: Object.values(d.entries ?? {}) };
    case 'record':
      return { type: 'record' };
    case 'array': {
      const item = d.element ? fieldSpec(d.element) : ({ type: 'json' } as const);
      if (item.type === 'text') return { type: 'textList' };
      return { type: 'list', item, itemDefault: d.element ? zeroValue(d.element) : null };
    }
    case 'object': {
      const shape = d.shape ?? {};
      const keys = Object.keys(shape);
      if (keys.length === 2 && keys.includes('amount') && keys.includes('unit')) return { type: 'duration' };
      return {
        type: 'object',
        fields: keys.map((key) => {
          const u = unwrap(shape[key] as ZodLike);
          const field: ObjectField = { key, spec: fieldSpec(shape[key] as ZodLike), optional: u.optional };
          if (u.defaultValue !== undefined) field.defaultValue = u.defaultValue;
          return field;
        }),
      };
    }
    case 'union': {
      if (!d.discriminator) {
        // A union of plain values (a rule's value: a value or a list of them) is typed as text and read back.
        return plainUnion(inner) ? { type: 'scalar' } : { type: 'json' };
      }
      const key = d.discriminator;
      return {
        type: 'union',
        discriminator: key,
        options: (d.options ?? []).map((o) => {
          const spec = fieldSpec(o) as FieldSpec & { type: 'object' };
          const literal = def(unwrap(def(o).shape?.[key] as ZodLike).inner).values?.[0];
          return { value: String(literal), spec };
        }),
      };
    }
    default:
      return { type: 'json' };
  }
}

/** A starting value for a schema: its default, or the simplest value of its type. */
export function zeroValue(schema: ZodLike): unknown {
  const u = unwrap(schema);
  if (u.defaultValue !== undefined) return u.defaultValue;
  if (u.optional) return undefined;
  return zeroForSpec(fieldSpec(u.inner));
}

export function zeroForSpec(spec: FieldSpec): unknown {
  switch (spec.type) {
    case 'text':
    case 'scalar':
      return '';
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'enum':
      return spec.options[0] ?? '';
    case 'duration':
      return { amount: 1, unit: 'days' };
    case 'textList':
    case 'list':
      return [];
    case 'record':
      return {};
    case 'object':
      return objectZero(spec);
    case 'union':
      return spec.options[0]
        ? { ...(objectZero(spec.options[0].spec) as object), [spec.discriminator]: spec.options[0].value }
        : {};
    case 'json':
      return null;
  }
}

export function objectZero(spec: FieldSpec & { type: 'object' }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.defaultValue !== undefined) out[f.key] = structuredClone(f.defaultValue);
    else if (!f.optional) out[f.key] = zeroForSpec(f.spec);
  }
  return out;
}

/** "maxAttempts" → "Max attempts", "job_title" → "Job title": a key (a setting, a CRM attribute) as a label. */
export function humanize(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One of a list's items by its key: "talkingPoints" → "talkingPoint", "entries" → "entry". */
export const singular = (key: string): string => key.replace(/ies$/, 'y').replace(/s$/, '');

/**
 * The inspector's labels, written once for its fields (SchemaField) and for whatever names a field
 * elsewhere (issues, `labelAt`). A field is labelled by its key; a list's item by the list's key and
 * its place; a duration's unit and a mode picker after the field they belong to.
 */
export const fieldLabel = {
  field: (key: string): string => humanize(key),
  item: (listKey: string, index: number): string => `${humanize(singular(listKey))} ${index + 1}`,
  unit: (label: string): string => `${label} unit`,
  /** A mode picker (a union's discriminator): of a group, named after it; of the settings, alone. */
  mode: (label: string | null, discriminator: string): string =>
    label ? `${label}: ${humanize(discriminator)}` : humanize(discriminator),
};

/**
 * The label the inspector shows for the field at `path` in a form of `spec` (a settings path such as
 * `['conditions', 0, 'when', 'rules', 1, 'value']`): the labels of the groups it is in, outermost first,
 * as "Condition 1 › When › Rule 2 › Value". A path inside a field without fields of its own (a duration's
 * amount, a line of a text list) is that field's. Null for the form itself or a path it does not have.
 */
export function labelAt(spec: FieldSpec, path: readonly (string | number)[]): string | null {
  const labels: string[] = [];
  /** The label of the field the path is in so far, renamed for the part of it the path goes on to. */
  const rename = (label: string) => labels.splice(-1, 1, label);
  let at: FieldSpec = spec;
  let key = '';
  for (const step of path) {
    const last = labels.at(-1) ?? null;
    if (at.type === 'union' && step === at.discriminator) {
      const mode = fieldLabel.mode(last, at.discriminator);
      if (last === null) labels.push(mode);
      else rename(mode);
      break;
    }
    const fields =
      at.type === 'object'
        ? at.fields
        : at.type === 'union'
          ? at.options.flatMap((o) => o.spec.fields)
          : null;
    if (fields) {
      const field = fields.find((f) => f.key === step);
      if (!field) return null;
      labels.push(fieldLabel.field(field.key));
      key = field.key;
      at = field.spec;
    } else if (at.type === 'list' && typeof step === 'number') {
      // An item stands in its list's group, labelled on its own ("Rule 2", not "Rules › Rule 2").
      rename(fieldLabel.item(key, step));
      at = at.item;
    } else {
      if (at.type === 'duration' && step === 'unit' && last !== null) rename(fieldLabel.unit(last));
      break;
    }
  }
  return labels.length ? labels.join(' › ') : null;
}

/** Reads a text box back into a rule value: numbers, booleans, or a comma-separated list. */
export function parseScalar(text: string): unknown {
  const one = (t: string): string | number | boolean => {
    const s = t.trim();
    if (s === 'true' || s === 'false') return s === 'true';
    return s !== '' && !Number.isNaN(Number(s)) ? Number(s) : s;
  };
  if (text.trim() === '') return undefined;
  return text.includes(',') ? text.split(',').map(one) : one(text);
}

export function formatScalar(value: unknown): string {
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** A rule's tests in words, as the validator words them. */
export const opWords: Readonly<Record<string, string>> = schemaOpWords;

/** Tests that look at whether there is a value at all, so they take none. */
export function opTakesNoValue(op: string): boolean {
  return op === 'exists' || op === 'notExists';
}

/**
 * Reads a rule's Value box for its test: a comma-separated list for “is one of” / “is none of”, text for
 * “contains”, a number for the comparisons (when it is one), else a number, yes/no or text. Empty is no value.
 */
export function parseRuleValue(text: string, op: string): unknown {
  const one = (t: string): string | number | boolean => {
    const s = t.trim();
    if (s === 'true' || s === 'false') return s === 'true';
    return s !== '' && !Number.isNaN(Number(s)) ? Number(s) : s;
  };
  if (opTakesNoValue(op) || text.trim() === '') return undefined;
  switch (op) {
    case 'in':
    case 'notIn':
      return text
        .split(',')
        .filter((t) => t.trim() !== '')
        .map(one);
    case 'contains':
      return text.trim();
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const n = Number(text.trim());
      return Number.isNaN(n) ? text.trim() : n;
    }
    default:
      return one(text);
  }
}
