import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { HttpError } from '../http-error.ts';
import { storageFailureCode, storageFailureMessage } from '../store/write-health.ts';
import { loggable } from './redact.ts';

const codeFor: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The one place errors become JSON: `{ error: { code, message, issues?, path? } }`. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof HttpError) return c.json(err.toJSON(), err.status);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const message =
      status === 415
        ? 'Send the body as JSON with Content-Type: application/json.'
        : err.message || 'Bad request.';
    return c.json({ error: { code: codeFor[status] ?? 'http_error', message } }, status);
  }
  // The storage refuses writes (a full disk…): the sender should try again later, not fix its request.
  // Logged in one line: the operator needs the cause, not a stack.
  const storage = storageFailureCode(err);
  if (storage) {
    console.error(`${c.req.method} ${c.req.path} refused: ${storage}, the database cannot be written.`);
    return c.json({ error: { code: 'store_unavailable', message: storageFailureMessage(storage) } }, 503);
  }
  // Names and addresses must not reach the log: only the error's kind, redacted message and stack.
  console.error(`${c.req.method} ${c.req.path} failed: ${loggable(err)}`);
  return c.json(
    { error: { code: 'internal', message: 'Something went wrong on our side; the change was not applied.' } },
    500,
  );
}

/** Unknown API routes answer in the same JSON shape. */
export function notFoundHandler(c: Context): Response {
  return c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404);
}

/** Turns a zod failure at the edge into a 400 naming the field, e.g. `leadId: Required`. */
export function validationError(error: z.ZodError, target: string): HttpError {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length ? path.join('.') : target === 'json' ? 'the body' : `the ${target}`;
  return new HttpError(400, 'invalid_input', `${where}: ${issue?.message ?? 'invalid'}`, { path });
}

/** Hook for every OpenAPI route: validation failures are thrown so `onError` answers them. */
export function validationHook(result: { success: boolean; error?: unknown; target: string }): void {
  if (!result.success) throw validationError(result.error as z.ZodError, result.target);
}
