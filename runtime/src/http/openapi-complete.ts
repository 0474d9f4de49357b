import { accessRules } from '../auth/access-rules.ts';
import { ingestPaths } from './rate-limit.ts';

type Operation = {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: unknown[];
  description?: string;
};
type Document = { paths?: Record<string, Record<string, Operation>> };

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/**
 * Adds to each operation of the generated document the answers every route gives but none declares one by
 * one: 401 and 403 by the access rules (public routes need no token), 400, 413 and 415 for routes that
 * read a body or parameters, and 503 for routes that write (the storage refusing writes). The inbound webhook's signature headers are documented here too.
 */
export function completeDocument<D extends object>(generated: D, maxBodyBytes: number): D {
  const doc = generated as Document;
  const badBody = 'Malformed JSON, or a field that fails (the error names it)';
  const tooLarge = `The body is larger than ${Math.round(maxBodyBytes / 1024 / 1024)} MB`;
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    const honoPath = path.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, op] of Object.entries(methods)) {
      const rule = accessRules.find((r) => r.method === method.toUpperCase() && r.path === honoPath);
      const add = (status: string, description: string) => {
        op.responses ??= {};
        op.responses[status] ??= error(description);
      };
      if (rule?.allow === 'public') op.security = [];
      else if (rule) {
        add('401', 'No token, or a token that is unknown or revoked');
        add('403', `The token's role may not call this route (allowed: ${rule.allow.join(', ')})`);
      }
      if (op.requestBody) {
        add('400', badBody);
        add('413', tooLarge);
        add('415', 'The body is not JSON (Content-Type: application/json)');
      }
      if (op.parameters?.length) add('400', 'A path or query parameter that fails (the error names it)');
      if (method !== 'get') {
        add(
          '503',
          honoPath.startsWith('/api/events')
            ? 'Not applied, send it again: the storage refuses writes (`store_unavailable`, e.g. a full disk), or the ingest thread stopped before answering (`ingest_interrupted`; a repeated id is applied once)'
            : 'Not applied, send it again later: the storage refuses writes (`store_unavailable`, e.g. a full disk)',
        );
      }
      if (method === 'post' && ingestPaths.includes(honoPath)) {
        add(
          '429',
          'Over the ingest rate limit for this token (`INGEST_RATE_LIMIT`, when set): nothing applied; send again after `Retry-After` seconds',
        );
      }
      if (honoPath === '/api/webhooks/:provider') {
        op.parameters = [
          ...(op.parameters ?? []),
          {
            in: 'header',
            name: 'X-Tandem-Timestamp',
            required: true,
            schema: { type: 'string' },
            description: 'When the provider signed the request, ms since 1970',
          } as never,
          {
            in: 'header',
            name: 'X-Tandem-Signature',
            required: true,
            schema: { type: 'string' },
            description: 'sha256=<hex HMAC-SHA256 of "timestamp.body" with WEBHOOK_INBOUND_SECRET>',
          } as never,
        ];
        op.requestBody ??= {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  { $ref: '#/components/schemas/LeadEvent' },
                  {
                    type: 'object',
                    required: ['events'],
                    properties: {
                      events: { type: 'array', items: { $ref: '#/components/schemas/LeadEvent' } },
                    },
                  },
                ],
              },
            },
          },
        };
        add('400', badBody);
        add('413', `${tooLarge}, or a batch over 1,000 events`);
      }
    }
  }
  return generated;
}
