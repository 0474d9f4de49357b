import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Queue } from '@tandem/schema';
import { createToken, roles, tokenInfo } from '../auth/tokens.ts';
import { databasePathFrom } from '../config.ts';
import type { Role } from '../store/records.ts';
import { SqliteStore } from '../store/sqlite-store.ts';

const usage = `Usage (DATABASE_PATH names the database, as for the runtime):
  tokens create --role admin|marketing|sales|ingest --name "Ops laptop" [--queues insideSales,fieldRep]
  tokens list
  tokens revoke <id>`;

/** The token CLI; returns the exit code. Output goes through `print` so tests can read it. */
export async function tokensCli(
  args: string[],
  databasePath: string,
  print: (line: string) => void = console.log,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' }, queues: { type: 'string' } },
  });
  const [command, id] = positionals;
  if (command !== 'create' && command !== 'list' && command !== 'revoke') {
    print(usage);
    return 2;
  }
  // A mistyped path would otherwise become a new, empty database: "no tokens yet", and a token created
  // there would work nowhere.
  if (!existsSync(databasePath)) {
    print(
      `No database at ${databasePath}. Set DATABASE_PATH to the runtime's database (the runtime creates it on its first start).`,
    );
    return 1;
  }
  const store = new SqliteStore(databasePath);
  try {
    if (command === 'create') {
      const role = values.role as Role | undefined;
      if (!role || !roles.includes(role) || !values.name?.trim()) {
        print(`create needs --role (${roles.join(', ')}) and --name.\n${usage}`);
        return 2;
      }
      const queues =
        values.queues
          ?.split(',')
          .map((q) => q.trim())
          .filter(Boolean) ?? null;
      // `--queues ","` or `--queues ""` named no queue: refused, not read as "every queue".
      if (queues !== null && queues.length === 0) {
        print(
          `--queues names no queue: give one or more of ${Queue.options.join(', ')}, or leave it out for every queue.`,
        );
        return 2;
      }
      if (queues?.length && role !== 'sales') {
        print('--queues applies to sales tokens only.');
        return 2;
      }
      const unknown = queues?.filter((q) => !Queue.options.includes(q as Queue)) ?? [];
      if (unknown.length) {
        print(`Unknown queue ${unknown.join(', ')}: the queues are ${Queue.options.join(', ')}.`);
        return 2;
      }
      const { token, secret } = await store.transaction((tx) =>
        createToken(tx, { role, name: values.name?.trim() ?? '', queues }, Date.now()),
      );
      print(
        `Created ${token.role} token “${token.name}” (id ${token.id}). It is shown this once:\n\n    ${secret}\n`,
      );
      return 0;
    }
    if (command === 'list') {
      const tokens = (await store.read((tx) => tx.listTokens())).map(tokenInfo);
      if (tokens.length === 0) print('No tokens yet: the runtime creates an admin token on its first start.');
      for (const t of tokens) {
        const queues = t.queues ? ` queues=${t.queues.join(',')}` : '';
        const state = t.revokedAt ? `revoked ${t.revokedAt}` : 'active';
        const used = t.lastUsedAt ? `last used ${t.lastUsedAt}` : 'never used';
        print(
          `${t.id}  ${t.role.padEnd(9)} ${t.prefix.padEnd(12)} ${state.padEnd(8)} ${t.name}${queues}  (${used})`,
        );
      }
      return 0;
    }
    const token = id ? (await store.read((tx) => tx.listTokens())).find((t) => t.id === id) : undefined;
    if (!token) {
      print(`No token with id “${id ?? ''}”; \`tokens list\` shows them.`);
      return 1;
    }
    await store.transaction((tx) => tx.revokeToken(token.id, Date.now()));
    print(`Revoked ${token.role} token “${token.name}”; it stops working at once.`);
    return 0;
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  tokensCli(process.argv.slice(2), databasePathFrom(process.env)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
