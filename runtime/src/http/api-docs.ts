import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { swaggerUI } from '@hono/swagger-ui';
import type { OpenAPIHono } from '@hono/zod-openapi';

/** Where the docs page loads Swagger UI from: this server, so the page works without internet access. */
const assetsBase = '/api/docs/assets';
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/** `GET /api/docs`: Swagger UI over `/api/openapi.json`, its script and stylesheet served from swagger-ui-dist. */
export function apiDocs(app: OpenAPIHono): void {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Buffer>();
  app.get('/api/docs', swaggerUI({ url: '/api/openapi.json', baseUrl: assetsBase, title: 'Tandem API' }));
  app.get(`${assetsBase}/swagger-ui-dist/:file`, (c) => {
    const file = c.req.param('file');
    const type = assets[file];
    if (!type) return c.json({ error: { code: 'not_found', message: `No docs asset ${file}.` } }, 404);
    let body = cache.get(file);
    if (!body) {
      body = readFileSync(join(dist, file));
      cache.set(file, body);
    }
    return c.body(new Uint8Array(body), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    });
  });
}
