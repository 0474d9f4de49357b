import { useEffect, useState } from 'react';

type A11y = { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; 'aria-label'?: string };

/** The number the text says, or null while it is empty or half typed (“-”, “1e”). */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const format = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

/**
 * A number field whose text is kept while typing, so “-5” can be typed and the field can be cleared to type
 * a new number: each change that reads as a number is passed on; leaving the field with no number in it puts
 * the last number back.
 */
export function NumberInput(props: {
  a11y: A11y;
  value: number | undefined;
  onChange: (v: number) => void;
  readOnly?: boolean;
  step?: number | 'any';
}) {
  const { value } = props;
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    // Follow outside changes (undo, another flow) unless the text already says this number.
    setText((t) => (parseNumber(t) === value ? t : format(value)));
  }, [value]);
  return (
    <input
      {...props.a11y}
      type="number"
      step={props.step}
      value={text}
      readOnly={props.readOnly}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        const n = parseNumber(t);
        if (n !== null && n !== value) props.onChange(n);
      }}
      onBlur={() => setText((t) => (parseNumber(t) === null ? format(value) : t))}
    />
  );
}
