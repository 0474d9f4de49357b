import { afterEach, describe, expect, it } from 'vitest';
import { sampleFlow, type TestApp, testApp } from './testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

type Op = { responses: Record<string, unknown>; security?: unknown[]; requestBody?: unknown };

describe('flows API', () => {
  it('saves drafts with their issues, validates, publishes immutable versions and serves the compiled machine', async () => {
    t = testApp();
    const broken = sampleFlow('sample', { edges: [] });
    const saved = await t.call('PUT', '/api/flows/sample/draft', broken);
    expect(saved.status).toBe(200);
    expect(saved.body.issues.some((i: { code: string }) => i.code === 'unconnected_outcome')).toBe(true);
    expect((await t.call('GET', '/api/flows')).body).toEqual([
      {
        id: 'sample',
        name: 'Sample nurture',
        hasDraft: true,
        draftUpdatedAt: expect.any(String),
        latestVersion: null,
      },
    ]);
    expect((await t.call('POST', '/api/flows/sample/validate')).body.ok).toBe(false);
    const refused = await t.call('POST', '/api/flows/sample/publish');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_flow');
    expect(refused.body.error.issues[0]).toMatchObject({
      nodeId: expect.any(String),
      code: expect.any(String),
    });
    expect((await t.call('GET', '/api/flows/sample/versions')).body).toEqual([]);
    const unknown = await t.call('GET', '/api/flows/nope/versions');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'unknown_flow' } } });

    await t.call('PUT', '/api/flows/sample/draft', sampleFlow());
    expect((await t.call('POST', '/api/flows/sample/validate')).body).toMatchObject({ ok: true, issues: [] });
    const v1 = await t.call('POST', '/api/flows/sample/publish');
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ flowId: 'sample', version: 1 });
    const v2 = await t.call(
      'POST',
      '/api/flows/sample/publish',
      sampleFlow('sample', { name: 'Sample nurture v2' }),
    );
    expect(v2.body.version).toBe(2);
    expect(
      (await t.call('GET', '/api/flows/sample/versions')).body.map((v: { name: string }) => v.name),
    ).toEqual(['Sample nurture', 'Sample nurture v2']);
    expect((await t.call('GET', '/api/flows/sample/versions/1')).body.flow.name).toBe('Sample nurture');
    const machine = await t.call('GET', '/api/flows/sample/versions/2/machine');
    expect(machine.body).toMatchObject({ id: 'sample', initial: 'start' });
    expect(machine.body.states.welcome.meta.nodeId).toBe('welcome');
    expect((await t.call('GET', '/api/flows/sample/versions/3')).status).toBe(404);
    expect((await t.call('GET', '/api/flows/sample/versions/x')).status).toBe(400);
  });

  it('refuses malformed documents and mismatched ids with the place to fix', async () => {
    t = testApp();
    const mismatch = await t.call('PUT', '/api/flows/other/draft', sampleFlow('sample'));
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toMatchObject({ code: 'id_mismatch', path: ['id'] });
    const malformed = await t.call('PUT', '/api/flows/sample/draft', { id: 'sample', nodes: 'none' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_document');
    expect(malformed.body.error.issues.length).toBeGreaterThan(0);
    expect((await t.call('GET', '/api/flows')).body).toEqual([]);
    expect((await t.call('GET', '/api/flows/nothing/draft')).status).toBe(404);
    expect((await t.call('POST', '/api/flows/nothing/publish')).body.error.code).toBe('unknown_flow');
  });

  it('answers an unchanged publish with the latest version instead of making a new one', async () => {
    t = testApp();
    const first = await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    expect(first).toMatchObject({ status: 201, body: { flowId: 'sample', version: 1, unchanged: false } });
    await t.advance(60_000);

    // The same document again, with its keys in another order: no new version, the latest one answered.
    const reordered = Object.fromEntries(
      Object.entries(sampleFlow())
        .reverse()
        .map(([k, v]) => [
          k,
          Array.isArray(v) ? v.map((item) => Object.fromEntries(Object.entries(item).reverse())) : v,
        ]),
    );
    const again = await t.call('POST', '/api/flows/sample/publish', reordered);
    expect(again).toMatchObject({ status: 200, body: { ...first.body, unchanged: true } });
    // The stored draft, when it is the published document, is unchanged too.
    await t.call('PUT', '/api/flows/sample/draft', sampleFlow());
    expect((await t.call('POST', '/api/flows/sample/publish')).body).toMatchObject({
      version: 1,
      unchanged: true,
    });
    expect((await t.call('GET', '/api/flows/sample/versions')).body).toHaveLength(1);

    // Layout alone (where a step sits on the canvas) is a change the designer shows: a new version.
    const moved = sampleFlow();
    (moved.nodes as { position?: unknown }[])[1] = {
      ...(moved.nodes as object[])[1],
      position: { x: 240, y: 80 },
    };
    const v2 = await t.call('POST', '/api/flows/sample/publish', moved);
    expect(v2).toMatchObject({ status: 201, body: { version: 2, unchanged: false } });
    expect((await t.call('POST', '/api/flows/sample/publish', moved)).body).toMatchObject({
      version: 2,
      unchanged: true,
    });
    expect((await t.call('GET', '/api/flows/sample/versions')).body).toHaveLength(2);
    const doc = (await t.call('GET', '/api/openapi.json')).body.paths['/api/flows/{id}/publish'].post;
    expect(doc.description).toContain('unchanged: true');
    expect(Object.keys(doc.responses)).toEqual(expect.arrayContaining(['200', '201']));
  });

  it('falls back to the latest published document when there is no draft', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const draft = await t.call('GET', '/api/flows/sample/draft');
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ flow: { id: 'sample' }, issues: [] });
  });
});

describe('service routes', () => {
  it('answers health, the OpenAPI document, the docs page, the examples and unknown routes', async () => {
    t = testApp({ examples: [{ id: 'x', title: 'X', summary: 's', flow: sampleFlow('x') as never }] });
    expect((await t.call('GET', '/api/health')).body).toMatchObject({
      ok: true,
      store: 'sqlite',
      clock: 'manual',
    });
    const doc = await t.call('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.0.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/flows/{id}/publish',
        '/api/events/batch',
        '/api/tasks/{id}/complete',
        '/api/admin/clock/advance',
      ]),
    );
    // The event routes validate their bodies themselves; the document still describes them.
    for (const path of ['/api/events', '/api/events/batch']) {
      const op = doc.body.paths[path].post;
      expect(op.requestBody.content['application/json'].schema).toBeDefined();
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '415']));
    }
    expect(doc.body.components.schemas.LeadEvent.required).toEqual(['id', 'type']);
    // Every route documents the answers all routes give: 401/403 by its access rule, 413/415 for a body.
    for (const [path, methods] of Object.entries(doc.body.paths as Record<string, Record<string, Op>>)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(op.responses);
        if (op.security?.length !== 0)
          expect(statuses, where).toEqual(expect.arrayContaining(['401', '403']));
        if (op.requestBody) expect(statuses, where).toEqual(expect.arrayContaining(['400', '413']));
        // A write may meet a full disk: 503, send again.
        if (method !== 'get') expect(statuses, where).toContain('503');
      }
    }
    expect(doc.body.paths['/api/events'].post.responses['503'].description).toContain('ingest_interrupted');
    expect(Object.keys(doc.body.paths['/api/health'].get.responses)).toEqual(['200', '503']);
    expect(Object.keys(doc.body.paths['/api/flows/{id}/publish'].post.responses)).toContain('415');
    expect(doc.body.paths['/api/health'].get.security).toEqual([]);
    expect(doc.body.paths['/api/flows/{id}/publish'].post.responses['403'].description).toContain(
      'allowed: admin, marketing',
    );
    const webhook = doc.body.paths['/api/webhooks/{provider}'].post;
    expect(webhook.security).toEqual([]);
    expect(webhook.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['X-Tandem-Timestamp', 'X-Tandem-Signature']),
    );
    const page = await t.app.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger');
    // Swagger UI comes from this server, not a CDN: the page works without internet access.
    expect(html).not.toContain('https://');
    const assets = [...html.matchAll(/(?:href|src)="(\/api\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(2);
    for (const path of assets) {
      const asset = await t.app.request(path as string);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/^text\/(css|javascript)/);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    }
    expect((await t.app.request('/api/docs/assets/swagger-ui-dist/package.json')).status).toBe(404);
    expect((await t.call('GET', '/api/examples')).body[0].id).toBe('x');
    const missing = await t.call('GET', '/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('reports the clock and refuses to move it backwards', async () => {
    t = testApp();
    const clock = (await t.call('GET', '/api/admin/clock')).body;
    expect(clock).toEqual({
      mode: 'manual',
      now: '2026-03-02T09:00:00.000Z',
      epochMs: Date.parse('2026-03-02T09:00:00Z'),
    });
    const moved = await t.call('POST', '/api/admin/clock/advance', { to: '2026-03-05T09:00:00Z' });
    expect(moved.body).toMatchObject({ now: '2026-03-05T09:00:00.000Z', fired: 0 });
    const back = await t.call('POST', '/api/admin/clock/advance', { to: '2026-03-01T09:00:00Z' });
    expect(back.status).toBe(400);
    expect(back.body.error.code).toBe('time_backwards');
    expect((await t.call('POST', '/api/admin/clock/advance', { ms: -5 })).status).toBe(400);
  });

  it('moves the clock at most 10 years at once, given either ms or to', async () => {
    t = testApp();
    const far = await t.call('POST', '/api/admin/clock/advance', { to: '2536-01-01T00:00:00Z' });
    expect(far.status).toBe(400);
    expect(far.body.error).toMatchObject({ code: 'advance_too_far', path: ['to'] });
    const both = await t.call('POST', '/api/admin/clock/advance', { ms: 1000, to: '2026-03-05T09:00:00Z' });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toContain('either "ms"');
    const neither = await t.call('POST', '/api/admin/clock/advance', {});
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toContain('give "ms" (how far to move) or "to"');
    expect(neither.body.error.message).not.toContain('not both');
    const fraction = await t.call('POST', '/api/admin/clock/advance', { ms: 1.5 });
    expect(fraction.status).toBe(400);
    expect(fraction.body.error.path).toEqual(['ms']);
    expect((await t.call('GET', '/api/admin/clock')).body.now).toBe('2026-03-02T09:00:00.000Z');
  });
});
