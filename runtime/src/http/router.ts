import { OpenAPIHono } from '@hono/zod-openapi';
import { validationHook } from './on-error.ts';

/** A route group whose request validation failures all become the same 400 JSON error. */
export function router(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: (result) => validationHook(result) });
}
