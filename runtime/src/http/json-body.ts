import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { HttpError } from '../http-error.ts';
import { validationError } from './on-error.ts';
import { requestHeader } from './request-header.ts';

const jsonType = /^application\/([\w.-]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * The request's JSON body checked against a schema, answering exactly as the OpenAPI routes' validators
 * do (415 for another media type, 400 for malformed JSON or a field that fails, naming the field), in
 * one synchronous parse. For the hot routes, whose request schema is registered for the docs separately.
 */
export async function validJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return checkJson(await jsonText(c), schema);
}

/**
 * The request body as text, once its media type is JSON (else 415). Null when a request without a
 * Content-Type has no body: it is checked as `{}`, so the answer names the first missing field.
 */
export async function jsonText(c: Context): Promise<string | null> {
  const type = requestHeader(c, 'content-type');
  if (type === undefined) {
    if ((await c.req.text()) !== '') throw new HTTPException(415, { message: 'Unsupported Media Type' });
    return null;
  }
  if (!jsonType.test(type)) throw new HTTPException(415, { message: 'Unsupported Media Type' });
  return c.req.text();
}

/** Parses and checks a body read by `jsonText`: 400 for malformed JSON or the first field that fails. */
export function checkJson<S extends z.ZodType>(text: string | null, schema: S): z.infer<S> {
  return checkBody(parseJson(text), schema);
}

/** A body read by `jsonText`, parsed (`{}` for none): 400 when it is not JSON. */
export function parseJson(text: string | null): unknown {
  if (text === null) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_request', 'Malformed JSON in request body');
  }
}

/** A parsed body checked against a schema: 400 naming the first field that fails. */
export function checkBody<S extends z.ZodType>(body: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(parsed.error, 'json');
  return parsed.data;
}
