import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { externalCheckMs } from '../store/sqlite-store.ts';
import { type TestApp, tempDatabasePath, testApp } from '../testing.ts';
import { tokensCli } from './tokens.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
});

describe('tokens CLI', () => {
  it('creates, lists and revokes tokens in the database the runtime uses', async () => {
    const path = tempDatabasePath();
    const out: string[] = [];
    const cli = (...args: string[]) => tokensCli(args, path, (line) => out.push(line));
    // Before the runtime has made its database, the CLI says where it looked and makes none.
    expect(await cli('list')).toBe(1);
    expect(out.join('\n')).toContain(`No database at ${path}`);
    expect(existsSync(path)).toBe(false);
    out.length = 0;
    t = testApp({ path });
    // Its first write (the test's own token) done, the CLI's connection finds the database free.
    await t.call('GET', '/api/health');

    expect(await cli('create', '--role', 'sales', '--name', 'Field reps', '--queues', 'fieldRep')).toBe(0);
    const secret = /(tdm_\S+)/.exec(out.join('\n'))?.[1] as string;
    expect(secret).toMatch(/^tdm_/);
    out.length = 0;
    expect(await cli('list')).toBe(0);
    expect(out.join('\n')).toMatch(/sales\s+tdm_\S+\s+active\s+Field reps queues=fieldRep\s+\(never used\)/);
    expect(out.join('\n')).not.toContain(secret);
    // The runtime's own token (the test's admin) is listed too.
    const id = out.find((line) => line.includes('Field reps'))?.split(/\s+/)[0] as string;

    const me = await t.app.request('/api/me', { headers: { authorization: `Bearer ${secret}` } });
    expect(await me.json()).toEqual({ role: 'sales', name: 'Field reps', queues: ['fieldRep'] });

    out.length = 0;
    expect(await cli('list')).toBe(0);
    expect(out.join('\n')).toMatch(/Field reps queues=fieldRep\s+\(last used \d{4}-\d\d-\d\dT/);
    expect(await cli('revoke', id)).toBe(0);
    // The runtime notices another connection's commits within externalCheckMs.
    await new Promise((resolve) => setTimeout(resolve, externalCheckMs + 5));
    expect((await t.app.request('/api/me', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(
      401,
    );
    expect(await cli('revoke', 'nope')).toBe(1);
    expect(await cli('create', '--role', 'root', '--name', 'x')).toBe(2);
    // A queue list naming no queue is refused, not taken as every queue.
    out.length = 0;
    expect(await cli('create', '--role', 'sales', '--name', 'Typo', '--queues', ',')).toBe(2);
    expect(out.join('\n')).toContain('--queues names no queue');
    expect(await cli('dance')).toBe(2);
    out.length = 0;
    expect(await cli('create', '--role', 'sales', '--name', 'x', '--queues', 'fax')).toBe(2);
    expect(out.join('\n')).toContain(
      'Unknown queue fax: the queues are telequalifying, insideSales, fieldRep.',
    );
  });
});
