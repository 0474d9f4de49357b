/** A fresh id like `email-3` that is not in `taken` and matches the flow language's id rule. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/[^A-Za-z0-9_-]/g, '').replace(/^[^A-Za-z]+/, '') || 'step';
  for (let i = 1; ; i++) {
    const id = `${stem.slice(0, 56)}-${i}`;
    if (!taken.has(id)) return id;
  }
}

export function edgeId(source: string, outcome: string, taken: ReadonlySet<string>): string {
  const id = `${source}--${outcome}`;
  return taken.has(id) ? freshId(id, taken) : id;
}

/** `base` when no flow uses it, else the first free `base-2`, `base-3`…, within the 64-character id limit. */
export function freeFlowId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const id = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(id)) return id;
  }
}
