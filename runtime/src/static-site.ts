import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Context } from 'hono';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves a single-page app build: files as they are, `index.html` for any other path so the
 * designer's client-side routes work on reload. Paths cannot escape the build folder.
 */
export function staticSite(dir: string) {
  const root = resolve(dir);
  return async (c: Context): Promise<Response> => {
    const wanted = normalize(decodeURIComponent(c.req.path)).replace(/^([/\\])+/, '');
    const candidate = join(root, wanted);
    const inside = candidate === root || candidate.startsWith(root + sep);
    const file = inside && wanted && (await isFile(candidate)) ? candidate : join(root, 'index.html');
    if (!(await isFile(file)))
      return c.text('The designer has not been built: run pnpm --filter @tandem/designer build.', 404);
    const body = await readFile(file);
    const immutable = file.includes(`${sep}assets${sep}`);
    return c.body(body, 200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  };
}
