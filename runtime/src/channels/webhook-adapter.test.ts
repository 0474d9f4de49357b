import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signWebhook, WebhookAdapter } from './webhook-adapter.ts';

const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let status = 200;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(status).end();
  });
});

afterEach(() => {
  server.close();
  received.length = 0;
});

describe('the webhook adapter', () => {
  it('POSTs JSON signed with HMAC-SHA256 and the idempotency key, and fails on non-2xx answers', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const adapter = new WebhookAdapter({ url, secret: 's3cret' });
    const message = {
      id: 'm1',
      idempotencyKey: 'enr:welcome:m1',
      channel: 'email',
      leadId: 'l1',
      payload: { subject: 'Hi' },
      attempt: 1,
    };
    await adapter.send(message);
    const [req] = received;
    expect(req?.headers['idempotency-key']).toBe('enr:welcome:m1');
    const timestamp = req?.headers['x-tandem-timestamp'] as string;
    expect(req?.headers['x-tandem-signature']).toBe(
      `sha256=${signWebhook('s3cret', timestamp, req?.body ?? '')}`,
    );
    expect(JSON.parse(req?.body ?? '')).toMatchObject({
      id: 'm1',
      channel: 'email',
      payload: { subject: 'Hi' },
    });
    status = 500;
    await expect(adapter.send({ ...message, attempt: 2 })).rejects.toThrow('500');
  });
});
