/** Token secrets, e-mail addresses and bearer headers, which must never reach a log. */
const secrets: [RegExp, string][] = [
  [/tdm_[A-Za-z0-9_-]+/g, 'tdm_[redacted]'],
  [/Bearer\s+\S+/gi, 'Bearer [redacted]'],
  [/[^\s@"'<>()[\]{},;:]+@[^\s@"'<>()[\]{},;:]+\.[A-Za-z]{2,}/g, '[email]'],
];

/** A log line with token secrets and e-mail addresses blanked out. */
export function redact(text: string): string {
  return secrets.reduce((t, [pattern, mask]) => t.replace(pattern, mask), text);
}

/** What an unexpected error may show in a log: its kind, a redacted message and where it happened. */
export function loggable(error: unknown): string {
  if (!(error instanceof Error)) return redact(String(error));
  return redact(error.stack ?? `${error.name}: ${error.message}`);
}
