import { stageLabels } from '@tandem/schema';
import { useCallback } from 'react';
import {
  type FieldSpec,
  fieldLabel,
  formatScalar,
  humanize,
  objectZero,
  opTakesNoValue,
  opWords,
  parseRuleValue,
  parseScalar,
  singular,
} from '../flow/schema-form.ts';
import { type FieldContext, FieldShell, GroupErrors } from './FieldShell.tsx';
import { NumberInput } from './NumberInput.tsx';
import { json, keyValues, lines, ParsedTextArea } from './TextInputs.tsx';

type Value = unknown;
interface Props {
  spec: FieldSpec;
  value: Value;
  onChange: (v: Value) => void;
  path: string;
  label: string;
  helpKey: string;
  ctx: FieldContext;
  /** For a rule's value: the rule's test (`op`), which decides how the text is read. */
  ruleOp?: string;
}

const optionLabels: Record<string, string> = {
  ...stageLabels,
  // A rule's test reads as a sentence: “industry is one of EMEA, APAC”.
  ...opWords,
  all: 'All rules match',
  any: 'Any rule matches',
};
const optionLabel = (o: string) => optionLabels[o] ?? humanize(o);
const longText = new Set(['purpose', 'note', 'description']);
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** One settings field, rendered from the schema's description of it. */
export function SchemaField(props: Props) {
  const { spec, value, onChange, ctx } = props;
  switch (spec.type) {
    case 'object':
      return <ObjectFields {...props} spec={spec} />;
    case 'list':
      return <ListField {...props} spec={spec} />;
    case 'union':
      return <UnionField {...props} spec={spec} />;
    case 'duration': {
      const d = (value ?? { amount: 1, unit: 'days' }) as { amount: number; unit: string };
      return (
        <FieldShell ctx={ctx} path={props.path} label={props.label} helpKey={props.helpKey}>
          {(a11y) => (
            <div className="duration">
              <NumberInput
                a11y={a11y}
                value={d.amount}
                readOnly={ctx.readOnly}
                onChange={(amount) => onChange({ ...d, amount })}
              />
              <select
                aria-label={fieldLabel.unit(props.label)}
                value={d.unit}
                disabled={ctx.readOnly}
                onChange={(e) => onChange({ ...d, unit: e.target.value })}
              >
                {['minutes', 'hours', 'days', 'weeks'].map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
            </div>
          )}
        </FieldShell>
      );
    }
    default:
      return (
        <FieldShell ctx={ctx} path={props.path} label={props.label} helpKey={props.helpKey}>
          {(a11y) => <Leaf {...props} a11y={a11y} />}
        </FieldShell>
      );
  }
}

function Leaf(props: Props & { a11y: { id: string } }) {
  const { spec, value, onChange, a11y, ctx } = props;
  const ro = ctx.readOnly;
  switch (spec.type) {
    case 'text':
      return longText.has(props.helpKey) ? (
        <textarea
          {...a11y}
          rows={2}
          value={String(value ?? '')}
          readOnly={ro}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          {...a11y}
          value={String(value ?? '')}
          readOnly={ro}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'number':
      return (
        <NumberInput
          a11y={a11y}
          step={spec.int ? 1 : 'any'}
          value={typeof value === 'number' ? value : undefined}
          readOnly={ro}
          onChange={onChange}
        />
      );
    case 'boolean':
      return (
        <input
          {...a11y}
          type="checkbox"
          checked={Boolean(value)}
          disabled={ro}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'enum':
      return (
        <select
          {...a11y}
          value={String(value ?? '')}
          disabled={ro}
          onChange={(e) => onChange(e.target.value)}
        >
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
      );
    case 'textList':
      return (
        <ParsedTextArea
          a11y={a11y}
          value={(value ?? []) as string[]}
          {...lines}
          onChange={onChange}
          readOnly={ro}
        />
      );
    case 'record':
      return (
        <ParsedTextArea
          a11y={a11y}
          value={(value ?? {}) as Record<string, unknown>}
          {...keyValues}
          onChange={onChange}
          readOnly={ro}
          rows={2}
        />
      );
    case 'scalar':
      if (props.ruleOp !== undefined) return <RuleValue {...props} op={props.ruleOp} />;
      return (
        <ParsedTextArea
          a11y={a11y}
          value={value}
          format={formatScalar}
          parse={parseScalar}
          onChange={onChange}
          readOnly={ro}
          single
        />
      );
    default:
      return (
        <ParsedTextArea a11y={a11y} value={value} {...json} onChange={onChange} readOnly={ro} rows={4} />
      );
  }
}

/** A rule's value, typed as plain text and read for the rule's test. */
function RuleValue(props: Props & { a11y: { id: string }; op: string }) {
  const { op } = props;
  const parse = useCallback((text: string) => parseRuleValue(text, op), [op]);
  return (
    <ParsedTextArea
      a11y={props.a11y}
      value={props.value}
      format={formatScalar}
      parse={parse}
      onChange={props.onChange}
      readOnly={props.ctx.readOnly}
      single
    />
  );
}

function ObjectFields(props: Props & { spec: FieldSpec & { type: 'object' }; skip?: string }) {
  const obj = (props.value ?? {}) as Record<string, unknown>;
  // A rule (a test and a value): the value is read for the test, and not asked for by “is set” / “is not set”.
  const valueField = props.spec.fields.find((f) => f.key === 'value' && f.spec.type === 'scalar');
  const op = valueField && typeof obj.op === 'string' ? obj.op : undefined;
  const fields = props.spec.fields.filter(
    (f) => f.key !== props.skip && !(f === valueField && op !== undefined && opTakesNoValue(op)),
  );
  const body = fields.map((f) => (
    <SchemaField
      key={f.key}
      spec={f.spec}
      value={obj[f.key]}
      path={join(props.path, f.key)}
      label={fieldLabel.field(f.key)}
      helpKey={f.key}
      ctx={props.ctx}
      {...(f === valueField && op !== undefined ? { ruleOp: op } : {})}
      onChange={(v) => {
        const next = { ...obj };
        if (v === undefined || (f.optional && v === '')) delete next[f.key];
        else next[f.key] = v;
        if (valueField && f.key === 'op' && typeof v === 'string' && 'value' in obj) {
          // The value the user typed, read again for the new test (a list for “is one of”, …).
          const value = parseRuleValue(formatScalar(obj.value), v);
          if (value === undefined) delete next.value;
          else next.value = value;
        }
        props.onChange(next);
      }}
    />
  ));
  if (!props.path) return <>{body}</>;
  // A choice with nothing more to set ("manual" entry, re-entry "never") shows no empty box.
  if (fields.length === 0) return null;
  return (
    <fieldset className="group">
      <legend>{props.label}</legend>
      <GroupErrors ctx={props.ctx} path={props.path} />
      {body}
    </fieldset>
  );
}

function ListField(props: Props & { spec: FieldSpec & { type: 'list' } }) {
  const items = (props.value ?? []) as unknown[];
  const key = props.path.split('.').pop() ?? 'item';
  const noun = humanize(singular(key)).toLowerCase();
  const add = () => {
    let item = structuredClone(props.spec.itemDefault);
    if (item && typeof item === 'object' && 'id' in item) {
      // Numbered by its place, or the next number free: after a removal, that place's id may be taken.
      const taken = new Set(items.map((x) => (x && typeof x === 'object' ? (x as { id?: unknown }).id : x)));
      let n = items.length + 1;
      while (taken.has(`${singular(key)}${n}`)) n++;
      item = {
        ...item,
        id: `${singular(key)}${n}`,
        ...('label' in item ? { label: `${humanize(singular(key))} ${n}` } : {}),
      };
    }
    props.onChange([...items, item]);
  };
  return (
    <fieldset className="group">
      <legend>{props.label}</legend>
      <GroupErrors ctx={props.ctx} path={props.path} />
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their place.
        <div className="group__item" key={i}>
          <SchemaField
            spec={props.spec.item}
            value={item}
            path={join(props.path, i)}
            label={fieldLabel.item(key, i)}
            helpKey={singular(key)}
            ctx={props.ctx}
            onChange={(v) => props.onChange(items.map((x, j) => (j === i ? v : x)))}
          />
          {!props.ctx.readOnly && (
            <button
              type="button"
              className="link danger"
              onClick={() => props.onChange(items.filter((_, j) => j !== i))}
            >
              Remove {noun} {i + 1}
            </button>
          )}
        </div>
      ))}
      {!props.ctx.readOnly && (
        <button type="button" className="link" onClick={add}>
          + Add {noun}
        </button>
      )}
    </fieldset>
  );
}

function UnionField(props: Props & { spec: FieldSpec & { type: 'union' } }) {
  const { spec, ctx } = props;
  const obj = (props.value ?? {}) as Record<string, unknown>;
  const current = spec.options.find((o) => o.value === obj[spec.discriminator]) ?? spec.options[0];
  const path = join(props.path, spec.discriminator);
  return (
    <div className={props.path ? 'group group--plain' : ''}>
      <FieldShell
        ctx={ctx}
        path={path}
        label={fieldLabel.mode(props.path ? props.label : null, spec.discriminator)}
        helpKey={spec.discriminator}
      >
        {(a11y) => (
          <select
            {...a11y}
            value={current?.value}
            disabled={ctx.readOnly}
            onChange={(e) => {
              const option = spec.options.find((o) => o.value === e.target.value);
              if (option) props.onChange({ ...objectZero(option.spec), [spec.discriminator]: option.value });
            }}
          >
            {spec.options.map((o) => (
              <option key={o.value} value={o.value}>
                {optionLabel(o.value)}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
      {current && <ObjectFields {...props} spec={current.spec} path={props.path} skip={spec.discriminator} />}
    </div>
  );
}
