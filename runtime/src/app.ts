import { existsSync } from 'node:fs';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { ruleFor } from './auth/access-rules.ts';
import { authenticate } from './auth/authenticate.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { apiDocs } from './http/api-docs.ts';
import { bulkEnrollmentRoutes } from './http/bulk-enrollment-routes.ts';
import { eventRoutes } from './http/event-routes.ts';
import { flowRoutes } from './http/flow-routes.ts';
import { leadRoutes } from './http/lead-routes.ts';
import { metaRoutes } from './http/meta-routes.ts';
import { notFoundHandler, onError, validationHook } from './http/on-error.ts';
import { completeDocument } from './http/openapi-complete.ts';
import { ingestPaths, ingestRateLimit } from './http/rate-limit.ts';
import { reportRoutes } from './http/report-routes.ts';
import { requestHeader } from './http/request-header.ts';
import { secureHeaders } from './http/secure-headers.ts';
import { taskRoutes } from './http/task-routes.ts';
import { tokenRoutes } from './http/token-routes.ts';
import { webhookRoutes } from './http/webhook-routes.ts';
import { HttpError } from './http-error.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.ts';
import { staticSite } from './static-site.ts';

export interface AppOptions extends RuntimeOptions {
  /** A runtime built elsewhere (to share it); otherwise one is built from the other options. */
  runtime?: Runtime;
  /** The designer's build (designer/dist), served for every non-/api path when it exists. */
  staticDir?: string | undefined;
  /** Largest accepted request body; default 5 MB (a 2,000-step flow fits). */
  maxBodyBytes?: number;
  /** API tokens and roles; on unless switched off (library use). */
  auth?: { enabled: boolean };
  /** Origins allowed to call the API from a browser on another origin (`CORS_ORIGINS`); none by default. */
  corsOrigins?: string[];
  /** `WEBHOOK_INBOUND_SECRET`: signs inbound provider webhooks; without it they are off. */
  webhookSecret?: string | undefined;
  /** `INGEST_RATE_LIMIT`: requests a second per token on the ingest routes; no limit when left out. */
  ingestRateLimit?: number | undefined;
}

/** The Hono app, with the runtime it drives (timers, dispatcher, clock) for tests and the process entry. */
export type App = OpenAPIHono & { runtime: Runtime };

/** Builds the HTTP API over a store, a clock and channel adapters; no server is started. */
export function createApp(options: AppOptions): App {
  const runtime = options.runtime ?? createRuntime(options);
  const app = new OpenAPIHono({ defaultHook: (result) => validationHook(result) });
  const maxSize = options.maxBodyBytes ?? 5 * 1024 * 1024;
  app.onError(onError);
  app.use('*', secureHeaders());
  if (options.corsOrigins?.length) {
    app.use(
      '/api/*',
      cors({
        origin: options.corsOrigins,
        allowHeaders: ['Authorization', 'Content-Type'],
        allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
        maxAge: 600,
      }),
    );
  }
  app.use('/api/*', authenticate(runtime.store, options.auth ?? { enabled: true }));
  if (options.ingestRateLimit) {
    // Only when configured: the hot event routes pay nothing for it otherwise.
    const limit = ingestRateLimit(options.ingestRateLimit);
    for (const path of ingestPaths) app.use(path, limit);
  }
  const tooLarge = () => {
    throw new HttpError(
      413,
      'payload_too_large',
      `The request body is larger than ${Math.round(maxSize / 1024)} KB.`,
    );
  };
  const streamedLimit = bodyLimit({ maxSize, onError: tooLarge });
  app.use('/api/*', async (c, next) => {
    // A declared length is checked from the header alone. Hono's bodyLimit looks at the body stream first,
    // which makes the Node adapter build a full web Request around the socket for every request (a
    // quarter of a small request's CPU) instead of reading the body straight into a buffer.
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = requestHeader(c, 'content-length');
    if (length !== undefined && requestHeader(c, 'transfer-encoding') === undefined) {
      return Number(length) > maxSize ? tooLarge() : next();
    }
    // Chunked bodies have no length up front: counted as they stream in.
    return streamedLimit(c, next);
  });
  for (const routes of [
    metaRoutes,
    flowRoutes,
    leadRoutes,
    bulkEnrollmentRoutes,
    eventRoutes,
    taskRoutes,
    reportRoutes,
    adminRoutes,
    tokenRoutes,
  ]) {
    app.route('/api', routes(runtime));
  }
  app.route('/api', webhookRoutes(runtime, { secret: options.webhookSecret }));
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (tdm_…); its role decides which routes answer.',
  });
  let document: unknown = null;
  app.get('/api/openapi.json', (c) => {
    // Built on first request, once every route is registered; the answers all routes share are added.
    document ??= completeDocument(
      app.getOpenAPIDocument({
        openapi: '3.0.0',
        security: [{ bearerAuth: [] }],
        info: {
          title: 'Tandem runtime API',
          version: '0.1.0',
          description:
            'Publishes nurture flows and executes them per lead: events, sales tasks, timelines and stats.',
        },
      }),
      maxSize,
    );
    return c.json(document);
  });
  apiDocs(app);
  assertEveryRouteHasAccessRule(app);
  app.all('/api/*', notFoundHandler);
  if (options.staticDir && existsSync(options.staticDir)) app.get('*', staticSite(options.staticDir));
  app.notFound(notFoundHandler);
  return Object.assign(app, { runtime });
}

/** Routes without an access rule would be unreachable: refuse to start rather than ship one. */
function assertEveryRouteHasAccessRule(app: OpenAPIHono): void {
  for (const route of app.routes) {
    if (route.method === 'ALL' || !route.path.startsWith('/api/')) continue;
    if (!ruleFor(route.method, route.path)) {
      throw new Error(`${route.method} ${route.path} has no entry in auth/access-rules.ts.`);
    }
  }
}
