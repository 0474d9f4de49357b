import { createRoute, z } from '@hono/zod-openapi';
import { Queue } from '@tandem/schema';
import { principalOf } from '../auth/authenticate.ts';
import { forgetTokens } from '../auth/token-cache.ts';
import { createToken, roles, tokenInfo } from '../auth/tokens.ts';
import { HttpError, notFound } from '../http-error.ts';
import type { Runtime } from '../runtime.ts';
import { errors, json } from './dto.ts';
import { router } from './router.ts';

const Role = z.enum(roles);
const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: Role,
    queues: z.array(z.string()).nullable(),
    prefix: z.string().openapi({ description: 'The first characters of the secret, to tell tokens apart.' }),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z
      .string()
      .nullable()
      .openapi({ description: 'When a request last carried the token, to the minute; null if never.' }),
  })
  .openapi('Token');
const NewToken = z
  .object({
    role: Role,
    name: z.string().trim().min(1).max(120),
    queues: z
      .array(Queue)
      .min(1, 'give at least one queue, or leave queues out for a token that works every queue')
      .max(20)
      .optional()
      .openapi({ description: 'Sales tokens only: the task queues this token may see and work.' }),
  })
  .openapi('NewToken');

/** Token management (admins) and who the caller is (everyone with a token). */
export function tokenRoutes(rt: Runtime) {
  const app = router();
  const tag = ['Access'];

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: tag,
      summary: 'The role, name and queues of the calling token',
      responses: {
        200: json(
          z.object({ role: Role, name: z.string(), queues: z.array(z.string()).nullable() }),
          'The caller',
        ),
        ...errors(401),
      },
    }),
    (c) => {
      const { role, name, queues } = principalOf(c);
      return c.json({ role, name, queues }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tokens',
      tags: tag,
      summary: 'List API tokens (never their secrets)',
      responses: { 200: json(z.array(TokenSchema), 'Tokens, oldest first'), ...errors(401, 403) },
    }),
    async (c) => c.json((await rt.store.read((tx) => tx.listTokens())).map(tokenInfo), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tokens',
      tags: tag,
      summary: 'Create a token; its secret is in this answer only',
      request: { body: { content: { 'application/json': { schema: NewToken } }, required: true } },
      responses: {
        201: json(TokenSchema.extend({ token: z.string() }), 'Created'),
        ...errors(400, 401, 403, 415),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      if (input.queues?.length && input.role !== 'sales') {
        throw new HttpError(400, 'invalid_input', 'queues: only sales tokens are limited to queues.', {
          path: ['queues'],
        });
      }
      const { token, secret } = await rt.store.transaction((tx) => createToken(tx, input, Date.now()));
      return c.json({ ...tokenInfo(token), token: secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/tokens/{id}',
      tags: tag,
      summary: 'Revoke a token: it stops working at once',
      request: { params: z.object({ id: z.string().min(1) }) },
      responses: { 200: json(TokenSchema, 'Revoked'), ...errors(401, 403, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const revoked = await rt.store.transaction(async (tx) => {
        const all = await tx.listTokens();
        const token = all.find((t) => t.id === id);
        if (!token) throw notFound('token', id);
        const admins = all.filter((t) => t.role === 'admin' && t.revokedAt === null);
        if (token.revokedAt === null && token.role === 'admin' && admins.length === 1) {
          throw new HttpError(
            409,
            'last_admin_token',
            'This is the last admin token; create another admin token before revoking it.',
          );
        }
        const at = Date.now();
        await tx.revokeToken(id, at);
        return { ...token, revokedAt: token.revokedAt ?? at };
      });
      forgetTokens(rt.store);
      return c.json(tokenInfo(revoked), 200);
    },
  );

  return app;
}
