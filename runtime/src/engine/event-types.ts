import { z } from 'zod';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'use text, a number, true/false or null (not a list or an object)',
});
const open = z.looseObject({});

/**
 * A record of lead facts (attributes, BANT) that refuses the name `__proto__`. Zod leaves that key out of
 * what it parses (setting it on an object replaces the object's prototype), so a lead posted with it lost
 * it without a word; refused, the caller learns which name to change. `constructor`, `prototype` and the
 * like are ordinary names, stored and read as any other.
 */
export function factRecord<T extends z.ZodType>(record: T) {
  return z.preprocess((value, ctx) => {
    if (typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')) {
      ctx.addIssue({
        code: 'custom',
        message: '“__proto__” cannot be a name here (JavaScript reserves it); use another name',
        path: ['__proto__'],
        input: value,
      });
    }
    return value;
  }, record);
}

type BuiltInEvent = { label: string; data: z.ZodType<Record<string, unknown>> };

/**
 * Lead events the runtime knows out of the box, with the shape of their `data` and a timeline label. Looked
 * up by the type a request names, so it has no prototype: "toString" or "constructor" are unknown types, not
 * Object's methods.
 */
export const builtInEvents: Readonly<Record<string, BuiltInEvent>> = Object.assign(Object.create(null), {
  'email.opened': { label: 'Email opened', data: open },
  'email.clicked': { label: 'Email clicked', data: z.looseObject({ url: z.string().optional() }) },
  'email.bounced': { label: 'Email bounced', data: z.looseObject({ reason: z.string().optional() }) },
  'email.unsubscribed': { label: 'Unsubscribed', data: open },
  'webinar.registered': { label: 'Registered for a webinar', data: open },
  'webinar.attended': { label: 'Attended a webinar', data: open },
  'webinar.declined': { label: 'Declined a webinar', data: open },
  'meeting.booked': { label: 'Meeting booked', data: z.looseObject({ startsAt: z.string().optional() }) },
  'meeting.held': { label: 'Meeting held', data: open },
  'meeting.noShow': { label: 'Meeting no-show', data: open },
  'call.logged': {
    label: 'Call logged',
    data: z.looseObject({
      outcome: z.string().min(1, 'say how the call went, e.g. "connected"'),
      note: z.string().optional(),
    }),
  },
  'attributes.changed': {
    label: 'Lead details changed',
    data: z
      .looseObject({
        attributes: factRecord(z.record(z.string(), Scalar)).optional(),
        bant: factRecord(
          z.partialRecord(z.enum(['budget', 'authority', 'need', 'timeline']), Scalar),
        ).optional(),
        score: z.number().optional(),
      })
      .refine(
        (d) => d.attributes || d.bant || d.score !== undefined,
        'give attributes, bant or score to change',
      ),
  },
  'form.submitted': { label: 'Form submitted', data: z.looseObject({ formId: z.string().optional() }) },
  'page.visited': { label: 'Page visited', data: z.looseObject({ url: z.string().optional() }) },
  'content.downloaded': {
    label: 'Content downloaded',
    data: z.looseObject({ asset: z.string().optional() }),
  },
} satisfies Record<string, BuiltInEvent>);

/** One timeline line for a lead event. */
export function describeLeadEvent(type: string, data: Record<string, unknown>): string {
  const label = builtInEvents[type]?.label ?? `Event “${type}”`;
  const detail = [data.outcome, data.reason, data.formId, data.url, data.asset, data.note]
    .filter((v) => typeof v === 'string' && v !== '')
    .join(' · ');
  return detail ? `${label}: ${detail}` : label;
}
