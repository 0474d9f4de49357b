import type { FlowIssue } from '@tandem/schema';

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; issues?: FlowIssue[]; path?: (string | number)[] };
}

/**
 * The one error the runtime throws on purpose: an expected failure with its HTTP status, a stable
 * code and a message that says what was wrong and how to fix it. `onError` turns it into JSON.
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503,
    readonly code: string,
    message: string,
    readonly extra: { issues?: FlowIssue[]; path?: (string | number)[] } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export const notFound = (what: string, id: string | number) =>
  new HttpError(404, `unknown_${what.replace(/\s+/g, '_')}`, `No ${what} with id “${id}”.`);
