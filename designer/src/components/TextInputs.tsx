import { useEffect, useState } from 'react';

type A11y = { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean };

/**
 * A textarea whose text is kept locally while typing and read into a value on each change,
 * so a trailing newline or a half-typed "key=" does not vanish under the cursor.
 */
export function ParsedTextArea<T>(props: {
  a11y: A11y;
  value: T;
  format: (v: T) => string;
  parse: (text: string) => T;
  onChange: (v: T) => void;
  rows?: number;
  readOnly: boolean;
  single?: boolean;
}) {
  const { value, format, parse } = props;
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    // Follow outside changes (undo, another field) unless they are what the text already says.
    setText((t) => (JSON.stringify(parse(t)) === JSON.stringify(value) ? t : format(value)));
  }, [value, format, parse]);
  const onChange = (t: string) => {
    setText(t);
    props.onChange(parse(t));
  };
  if (props.single) {
    return (
      <input
        {...props.a11y}
        value={text}
        readOnly={props.readOnly}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <textarea
      {...props.a11y}
      rows={props.rows ?? 3}
      value={text}
      readOnly={props.readOnly}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export const lines = {
  format: (v: string[]) => v.join('\n'),
  parse: (t: string) => t.split('\n').filter((l) => l.trim() !== ''),
};

export const keyValues = {
  format: (v: Record<string, unknown>) =>
    Object.entries(v)
      .map(([k, x]) => `${k}=${String(x)}`)
      .join('\n'),
  parse: (t: string) => {
    const out: Record<string, string | number | boolean> = {};
    for (const line of t.split('\n')) {
      const at = line.indexOf('=');
      if (at <= 0) continue;
      const raw = line.slice(at + 1).trim();
      out[line.slice(0, at).trim()] =
        raw === 'true' || raw === 'false'
          ? raw === 'true'
          : raw !== '' && !Number.isNaN(Number(raw))
            ? Number(raw)
            : raw;
    }
    return out;
  },
};

export const json = {
  format: (v: unknown) => JSON.stringify(v ?? null, null, 2),
  parse: (t: string) => {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t;
    }
  },
};
