import type Database from 'better-sqlite3';
import type { OutboxRecord, Role, TokenRecord } from './records.ts';
import type { AccessRepo } from './store.ts';

interface TokenRow {
  id: string;
  hash: string;
  prefix: string;
  name: string;
  role: Role;
  queues: string | null;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

const toToken = (r: TokenRow): TokenRecord => ({
  id: r.id,
  hash: r.hash,
  prefix: r.prefix,
  name: r.name,
  role: r.role,
  queues: r.queues === null ? null : JSON.parse(r.queues),
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

const toMessage = (r: Record<string, unknown>): OutboxRecord => ({
  id: r.id as string,
  idempotencyKey: r.idempotency_key as string,
  leadId: r.lead_id as string,
  enrollmentId: r.enrollment_id as string | null,
  channel: r.channel as string,
  payload: JSON.parse(r.payload as string),
  status: r.status as OutboxRecord['status'],
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as number,
  lastError: r.last_error as string | null,
  createdAt: r.created_at as number,
  sentAt: r.sent_at as number | null,
  deadAt: r.dead_at as number | null,
});

/** Tokens, webhook receipts and dead-letter replay in SQLite. */
export function sqliteAccessRepo(db: Database.Database): AccessRepo {
  const q = {
    insert: db.prepare(
      `INSERT INTO tokens (id, hash, prefix, name, role, queues, created_at, revoked_at)
       VALUES (@id, @hash, @prefix, @name, @role, @queues, @createdAt, @revokedAt)`,
    ),
    byHash: db.prepare('SELECT * FROM tokens WHERE hash = ? AND revoked_at IS NULL'),
    list: db.prepare('SELECT * FROM tokens ORDER BY created_at, id'),
    revoke: db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    touch: db.prepare(
      'UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
    ),
    forget: db.prepare('DELETE FROM webhook_receipts WHERE received_at < ?'),
    remember: db.prepare(
      'INSERT INTO webhook_receipts (signature, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    message: db.prepare('SELECT * FROM outbox WHERE id = ?'),
    requeue: db.prepare(
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = @now, dead_at = NULL
       WHERE status = 'dead' AND (@id IS NULL OR id = @id) AND (@channel IS NULL OR channel = @channel)
       RETURNING id`,
    ),
  };
  return {
    async insertToken(t) {
      q.insert.run({ ...t, queues: t.queues === null ? null : JSON.stringify(t.queues) });
    },
    async tokenByHash(hash) {
      const row = q.byHash.get(hash) as TokenRow | undefined;
      return row ? toToken(row) : null;
    },
    async listTokens() {
      return (q.list.all() as TokenRow[]).map(toToken);
    },
    async revokeToken(id, at) {
      q.revoke.run(at, id);
    },
    async touchToken(id, at) {
      q.touch.run(at, id, at);
    },
    async rememberWebhook(signature, at, forgetBefore) {
      q.forget.run(forgetBefore);
      return q.remember.run(signature, at).changes === 1;
    },
    async getMessage(id) {
      const row = q.message.get(id) as Record<string, unknown> | undefined;
      return row ? toMessage(row) : null;
    },
    async requeueDead(filter, now) {
      const rows = q.requeue.all({ now, id: filter.id ?? null, channel: filter.channel ?? null }) as {
        id: string;
      }[];
      return rows.map((r) => r.id);
    },
  };
}
