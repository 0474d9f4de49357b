import type { ReactNode } from 'react';

export interface FieldContext {
  /** Unique prefix for element ids (the node id). */
  idPrefix: string;
  /** Error messages by dotted settings path. */
  errors: Record<string, string[]>;
  help: Record<string, string>;
  readOnly: boolean;
}

export function fieldId(ctx: FieldContext, path: string): string {
  return `f-${ctx.idPrefix}-${path || 'root'}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Label, control, help text and inline errors for one field, wired for screen readers. */
export function FieldShell(props: {
  ctx: FieldContext;
  path: string;
  label: string;
  helpKey: string;
  children: (a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const { ctx, path, label } = props;
  const id = fieldId(ctx, path);
  const help = ctx.help[props.helpKey];
  const errors = ctx.errors[path] ?? [];
  const describedBy = [help ? `${id}-help` : '', errors.length ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${errors.length ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {props.children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(errors.length ? { 'aria-invalid': true } : {}),
      })}
      {help && (
        <div className="field__help" id={`${id}-help`}>
          {help}
        </div>
      )}
      {errors.length > 0 && (
        <div className="field__error" id={`${id}-err`} role="alert">
          {errors.join(' ')}
        </div>
      )}
    </div>
  );
}

/** Errors that belong to a group (a list, a whole object), shown under its legend. */
export function GroupErrors({ ctx, path }: { ctx: FieldContext; path: string }) {
  const errors = ctx.errors[path] ?? [];
  if (!errors.length) return null;
  return (
    <div className="field__error" role="alert">
      {errors.join(' ')}
    </div>
  );
}
