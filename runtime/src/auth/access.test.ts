import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';
import { accessRules, ruleFor } from './access-rules.ts';
import { bootstrapAdmin, hashToken } from './tokens.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('access rules', () => {
  it('has exactly one entry for every registered API route, and no entry without a route', () => {
    t = testApp();
    const routes = t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'));
    const missing = routes.filter((r) => ruleFor(r.method, r.path)?.path !== r.path);
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const registered = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(accessRules.filter((r) => !registered.has(`${r.method} ${r.path}`))).toEqual([]);
  });

  it('answers 401 without a valid token and 403 with the wrong role, saying what to do', async () => {
    t = testApp();
    expect((await t.call('GET', '/api/health')).status).toBe(200);
    const anonymous = await t.as(null);
    const none = await anonymous('GET', '/api/leads');
    expect(none).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect(none.body.error.message).toContain('Authorization: Bearer');
    const bogus = await t.app.request('/api/leads', { headers: { authorization: 'Bearer tdm_nope' } });
    expect(bogus.status).toBe(401);
    expect((await bogus.json()).error.code).toBe('invalid_token');
    // Unknown routes are not revealed without a token, and are 404 with one.
    expect((await anonymous('GET', '/api/nope')).status).toBe(401);
    expect((await t.call('GET', '/api/nope')).status).toBe(404);

    const ingest = await t.as('ingest');
    const lead = await ingest('POST', '/api/leads', { email: 'ada@example.com' });
    expect(lead.status).toBe(201);
    expect(
      (await ingest('POST', '/api/events', { id: 'e1', leadId: lead.body.id, type: 'page.visited' })).status,
    ).toBe(200);
    const read = await ingest('GET', `/api/leads/${lead.body.id}`);
    expect(read.status).toBe(403);
    expect(read.body.error).toMatchObject({ code: 'forbidden' });
    expect(read.body.error.message).toBe(
      'An ingest token may not GET /api/leads/:id; this needs one of: admin, marketing, sales.',
    );
    // Nor can it read a lead by posting its email: it gets the keys back, not the rest.
    await t.call('POST', '/api/leads', {
      email: 'ceo@example.com',
      attributes: { deal: 'secret' },
      score: 90,
    });
    const known = await ingest('POST', '/api/leads', { email: 'ceo@example.com' });
    expect(known.status).toBe(200);
    expect(Object.keys(known.body).sort()).toEqual(['created', 'email', 'externalId', 'id']);

    const sales = await t.as('sales');
    expect((await sales('GET', `/api/leads/${lead.body.id}/timeline`)).status).toBe(200);
    expect((await sales('POST', '/api/flows/sample/publish', sampleFlow())).status).toBe(403);
    expect(
      (await sales('POST', '/api/events', { id: 'e2', leadId: lead.body.id, type: 'page.visited' })).status,
    ).toBe(403);

    const marketing = await t.as('marketing');
    expect((await marketing('POST', '/api/flows/sample/publish', sampleFlow())).status).toBe(201);
    expect((await marketing('GET', '/api/tokens')).status).toBe(403);
    expect((await marketing('POST', '/api/admin/tick')).status).toBe(403);
    expect((await marketing('POST', `/api/tasks/x/complete`, { outcome: 'connected' })).status).toBe(403);
  });

  it('lets admins create, list and revoke tokens; secrets are shown once and never listed', async () => {
    t = testApp();
    const created = await t.call('POST', '/api/tokens', {
      role: 'sales',
      name: 'Inside sales',
      queues: ['insideSales'],
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^tdm_[A-Za-z0-9_-]{43}$/);
    const asSales = async (path: string) =>
      t.app.request(path, { headers: { authorization: `Bearer ${created.body.token}` } });
    expect(await (await asSales('/api/me')).json()).toEqual({
      role: 'sales',
      name: 'Inside sales',
      queues: ['insideSales'],
    });
    const listed = await t.call('GET', '/api/tokens');
    // Each token shows when a request last carried it: the sales token just now, the admin's by this list.
    const sales = listed.body.find((x: { id: string }) => x.id === created.body.id);
    expect(Date.parse(sales.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(sales.createdAt));
    expect(Date.now() - Date.parse(sales.lastUsedAt)).toBeLessThan(60_000);
    const unused = await t.call('POST', '/api/tokens', { role: 'ingest', name: 'Never used' });
    const again = await t.call('GET', '/api/tokens');
    expect(again.body.find((x: { id: string }) => x.id === unused.body.id).lastUsedAt).toBeNull();
    expect((await t.call('DELETE', `/api/tokens/${unused.body.id}`)).status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect(JSON.stringify(listed.body)).not.toContain(hashToken(created.body.token));
    expect(listed.body.map((x: { role: string }) => x.role)).toEqual(['admin', 'sales']);
    // Only the hash is stored.
    const row = t.store.db.prepare('SELECT * FROM tokens WHERE id = ?').get(created.body.id);
    expect(JSON.stringify(row)).not.toContain(created.body.token);

    expect((await t.call('DELETE', `/api/tokens/${created.body.id}`)).status).toBe(200);
    expect((await asSales('/api/me')).status).toBe(401);
    expect((await t.call('DELETE', '/api/tokens/nope')).status).toBe(404);
    const self = listed.body.find((x: { role: string }) => x.role === 'admin');
    const last = await t.call('DELETE', `/api/tokens/${self.id}`);
    expect(last).toMatchObject({ status: 409, body: { error: { code: 'last_admin_token' } } });
    expect((await t.call('POST', '/api/tokens', { role: 'root', name: 'x' })).body.error.path).toEqual([
      'role',
    ]);
    expect((await t.call('POST', '/api/tokens', { role: 'ingest', name: 'x', queues: ['a'] })).status).toBe(
      400,
    );
    const none = await t.call('POST', '/api/tokens', { role: 'sales', name: 'x', queues: [] });
    expect(none.body.error).toMatchObject({ path: ['queues'] });
    expect(none.body.error.message).toContain('at least one queue');
    const unknown = await t.call('POST', '/api/tokens', { role: 'sales', name: 'x', queues: ['fax'] });
    expect(unknown.body.error).toMatchObject({ path: ['queues', 0] });
    expect(unknown.body.error.message).toContain('insideSales');
  });

  it('creates the first admin token once, or takes it from TANDEM_ADMIN_TOKEN', async () => {
    t = testApp();
    await t.call('GET', '/api/me');
    t.store.db.exec('DELETE FROM tokens');
    const first = await bootstrapAdmin(t.store, undefined, 1);
    expect(first.created).toBe('generated');
    expect(first.secret).toMatch(/^tdm_/);
    expect(await bootstrapAdmin(t.store, undefined, 2)).toEqual({ created: null, secret: null });
    expect(await bootstrapAdmin(t.store, 'e2e-admin-token-0001', 3)).toEqual({
      created: 'env',
      secret: null,
    });
    expect(await bootstrapAdmin(t.store, 'e2e-admin-token-0001', 4)).toEqual({ created: null, secret: null });
    const me = await t.app.request('/api/me', { headers: { authorization: 'Bearer e2e-admin-token-0001' } });
    expect((await me.json()).role).toBe('admin');
    // A secret chosen by hand shows only three characters of itself in the list.
    const listed = await t.app.request('/api/tokens', {
      headers: { authorization: 'Bearer e2e-admin-token-0001' },
    });
    expect((await listed.json()).map((x: { prefix: string }) => x.prefix)).toContain('e2e…');
    // A new value replaces the previous one.
    await bootstrapAdmin(t.store, 'e2e-admin-token-0002', 5);
    const old = await t.app.request('/api/me', { headers: { authorization: 'Bearer e2e-admin-token-0001' } });
    expect(old.status).toBe(401);
    await expect(bootstrapAdmin(t.store, 'short', 6)).rejects.toThrow('at least 16');
  });

  it('limits sales tokens to their queues', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = await t.lead({ email: 'queue@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    await t.emit(lead.id, 'email.clicked');
    const [task] = await t.openTasks(lead.id);
    expect(task.queue).toBe('telequalifying');

    const inside = await t.as('sales', ['insideSales']);
    expect((await inside('GET', '/api/tasks')).body).toEqual([]);
    expect((await inside('GET', '/api/tasks?queue=telequalifying')).status).toBe(403);
    const refused = await inside('POST', `/api/tasks/${task.id}/complete`, { outcome: 'connected' });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'queue_forbidden' } } });
    // Queues are named as people name them.
    expect(refused.body.error.message).toBe(
      'This token works the Inside sales queue; Telequalifying is not one of them.',
    );
    const two = await t.as('sales', ['insideSales', 'fieldRep']);
    expect((await two('GET', `/api/tasks/${task.id}`)).body.error.message).toBe(
      'This token works the Inside sales and Field rep queues; Telequalifying is not one of them.',
    );
    expect((await inside('GET', `/api/tasks/${task.id}`)).status).toBe(403);

    const tele = await t.as('sales', ['telequalifying', 'insideSales']);
    expect((await tele('GET', '/api/tasks')).body.map((x: { id: string }) => x.id)).toEqual([task.id]);
    expect((await tele('POST', `/api/tasks/${task.id}/complete`, { outcome: 'connected' })).status).toBe(200);
  });

  it('lets sales add, change and remove sales steps in a draft, and nothing else', async () => {
    t = testApp();
    const base = sampleFlow();
    await t.call('POST', '/api/flows/sample/publish', base);
    const sales = await t.as('sales');
    const nodes = base.nodes as Record<string, unknown>[];
    const edges = base.edges as Record<string, unknown>[];
    const checkIn = {
      id: 'check-in',
      kind: 'salesCall',
      label: 'Check-in call',
      owner: { team: 'sales', queue: 'insideSales' },
      settings: {
        purpose: 'Check in',
        talkingPoints: [],
        deadline: { amount: 2, unit: 'days' },
        maxAttempts: 2,
      },
      terminal: ['connected', 'notNow', 'noAnswer', 'converted', 'expired', 'disqualified'],
    };
    // Insert a call on the "opened" path: the email's outcome now goes to the call, the call to the wait.
    const inserted = sampleFlow('sample', {
      nodes: [...nodes, checkIn],
      edges: [
        ...edges.filter((e) => e.id !== 'e3'),
        { id: 's1', source: 'welcome', outcome: 'opened', target: 'check-in' },
        { id: 's2', source: 'check-in', outcome: 'notNow', target: 'pause' },
      ],
    } as never);
    const moved = nodes.map((n) => (n.id === 'welcome' ? { ...n, position: { x: 400, y: 80 } } : n));
    expect(
      (await sales('PUT', '/api/flows/sample/draft', { ...inserted, nodes: [...moved, checkIn] })).status,
    ).toBe(200);
    // Taking it out again, the outcome going back where the call led.
    expect((await sales('PUT', '/api/flows/sample/draft', base)).status).toBe(200);

    const renamed = nodes.map((n) => (n.id === 'welcome' ? { ...n, label: 'Hello' } : n));
    const refused = await sales('PUT', '/api/flows/sample/draft', { ...base, nodes: renamed });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('sales_steps_only');
    expect(refused.body.error.message).toContain('step “Welcome email” (email) was changed');
    const rewired = edges.map((e) => (e.id === 'e4' ? { ...e, target: 'done' } : e));
    expect(
      (await sales('PUT', '/api/flows/sample/draft', { ...base, edges: rewired })).body.error.message,
    ).toContain('the connection “welcome” → “done” (noEngagement) was changed');
    // A sales step under a marketing step's id, listed before it, must not hide behind it.
    const shadow = { ...checkIn, id: 'welcome' };
    const hidden = await sales('PUT', '/api/flows/sample/draft', { ...base, nodes: [shadow, ...nodes] });
    expect(hidden).toMatchObject({ status: 403, body: { error: { code: 'sales_steps_only' } } });
    expect(hidden.body.error.message).toContain('two steps share one id');
    expect((await sales('PUT', '/api/flows/sample/draft', { ...base, name: 'Mine' })).status).toBe(403);
    expect((await sales('PUT', '/api/flows/other/draft', sampleFlow('other'))).status).toBe(403);
    expect((await sales('POST', '/api/flows/sample/publish')).status).toBe(403);
  });
});

describe('transport', () => {
  it('sends security headers and answers CORS only for configured origins', async () => {
    t = testApp();
    const res = await t.app.request('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    // The event routes build their answer with the headers in place: the same set, on success and error.
    const lead = (await t.call('POST', '/api/leads', { email: 'ann@example.com' })).body;
    const post = (body: unknown) =>
      t.app.request('/api/events', {
        method: 'POST',
        headers: { ...t.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const applied = await post({ id: 'h1', leadId: lead.id, type: 'page.visited' });
    expect(applied.status).toBe(200);
    const refused = await post({ id: 'h2', email: 'nobody@example.com', type: 'page.visited' });
    expect(refused.status).toBe(404);
    for (const r of [applied, refused]) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('strict-transport-security')).toContain('max-age=');
    }
  });

  it('lets a configured origin call the API from a browser, and no other', async () => {
    t = testApp({ corsOrigins: ['https://ops.example.com'] });
    const preflight = await t.app.request('/api/flows', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://ops.example.com',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await t.app.request('/api/health', { headers: { origin: 'https://evil.example.net' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps tokens, e-mail addresses and names out of the logs', async () => {
    const lines: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (a instanceof Error ? `${a.stack}` : String(a))).join(' '));
      }),
    );
    try {
      t = testApp();
      await t.call('POST', '/api/flows/sample/publish', sampleFlow());
      const lead = await t.lead({ email: 'grace.hopper@example.com', name: 'Grace Hopper' });
      await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
      await t.emit(lead.id, 'email.clicked');
      await t.app.request('/api/leads', { headers: { authorization: `Bearer ${t.token}x` } });
      await t.call('POST', '/api/events', { id: 'x', email: 'grace.hopper@example.com', type: 'nope' });
      // An unexpected failure is logged, redacted.
      const failing = t.app.runtime.store.read;
      t.app.runtime.store.read = () => Promise.reject(new Error(`lost grace.hopper@example.com ${t.token}`));
      expect((await t.call('GET', '/api/flows')).status).toBe(500);
      t.app.runtime.store.read = failing;
      await t.advance(10 * 86_400_000);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    const log = lines.join('\n');
    expect(log).toContain('[email]');
    for (const secret of [
      t.token,
      'grace.hopper@example.com',
      'Grace Hopper',
      'tdm_'.concat(t.token.slice(4, 10)),
    ])
      expect(log).not.toContain(secret);
  });
});
