import { type FlowDocument, type SettingsOf, stageLabels } from '@tandem/schema';
import { type FormEvent, useMemo, useState } from 'react';
import { kindOf } from '../flow/kinds.ts';
import { leadEventTypes } from '../flow/lead-events.ts';
import { humanize } from '../flow/schema-form.ts';
import { currentDocument, useEditor } from '../store/editor.ts';
import { currentSimulation, type TestLead, useSimulation } from '../store/simulation.ts';
import { NumberInput } from './NumberInput.tsx';
import { keyValues, ParsedTextArea } from './TextInputs.tsx';

const DAY = 86_400_000;

const when = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * "Day 2 · Tue 6 Jan 2026, 09:00" in the browser's time zone: the weekday and date matter to weekday
 * waits, webinars and dates, which a day count alone hides.
 */
function clock(at: number, start: number): string {
  const day = Math.floor((at - start) / DAY) + 1;
  return `Day ${day} · ${when.format(at).replace(',', '')}`;
}

/** A `datetime-local` value (local time) for an instant, or '' for none. */
function localInput(at: number | null): string {
  if (at === null) return '';
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Runs a test lead through the flow with the same compiler and XState as the runtime. */
export function SimulationPanel() {
  const running = useSimulation((s) => s.running);
  const error = useSimulation((s) => s.error);
  return (
    <section className="panel sim" aria-label="Simulation">
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {running ? <Running /> : <LeadSetup />}
    </section>
  );
}

function LeadSetup() {
  const lead = useSimulation((s) => s.lead);
  const startAt = useSimulation((s) => s.startAt);
  const { setLead, setStartAt } = useSimulation.getState();
  const start = () => useSimulation.getState().start(currentDocument(useEditor.getState()));
  return (
    <>
      <p className="muted">
        Send a test lead through this flow. At each step you choose what happens: opened, no answer,
        disqualified…; waits can be fast-forwarded, and other steps’ timers fall due on the way. Branches
        decide on the lead’s facts below.
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor="sim-score">Lead score</label>
          <NumberInput
            a11y={{ id: 'sim-score' }}
            value={lead.score}
            onChange={(score) => setLead({ ...lead, score })}
          />
        </div>
        <div className="field">
          <label htmlFor="sim-stage">Stage</label>
          <select
            id="sim-stage"
            value={lead.stage}
            onChange={(e) => setLead({ ...lead, stage: e.target.value as TestLead['stage'] })}
          >
            {Object.entries(stageLabels).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="sim-start">Enters the flow on</label>
        <input
          id="sim-start"
          type="datetime-local"
          aria-describedby="sim-start-help"
          value={localInput(startAt)}
          onChange={(e) => {
            const at = e.target.value ? new Date(e.target.value).getTime() : Number.NaN;
            setStartAt(Number.isNaN(at) ? null : at);
          }}
        />
        <div className="field__help" id="sim-start-help">
          Your time zone. Empty: now, as a lead entering today (webinars already over are missed).
        </div>
      </div>
      <div className="field">
        <label htmlFor="sim-attrs">Attributes</label>
        <ParsedTextArea
          a11y={{ id: 'sim-attrs', 'aria-describedby': 'sim-attrs-help' }}
          value={lead.attributes}
          {...keyValues}
          readOnly={false}
          rows={3}
          onChange={(attributes) => setLead({ ...lead, attributes })}
        />
        <div className="field__help" id="sim-attrs-help">
          One per line, e.g. companySize=250 or industry=software.
        </div>
      </div>
      <div className="field">
        <label htmlFor="sim-bant">BANT</label>
        <ParsedTextArea
          a11y={{ id: 'sim-bant', 'aria-describedby': 'sim-bant-help' }}
          value={lead.bant}
          {...keyValues}
          readOnly={false}
          rows={2}
          onChange={(bant) => setLead({ ...lead, bant })}
        />
        <div className="field__help" id="sim-bant-help">
          Budget, authority, need, timeline; e.g. budget=approved or authority=decision-maker.
        </div>
      </div>
      <SplitChoices />
      <button type="button" className="primary" onClick={start}>
        ▶ Start test lead
      </button>
    </>
  );
}

/** At each split step, the variant the test lead takes: by default the one its id sends it to. */
function SplitChoices() {
  const nodes = useEditor((s) => s.nodes);
  const chosen = useSimulation((s) => s.variants);
  const splits = useMemo(
    () =>
      nodes.flatMap((n) => {
        const step = n.data.step;
        return step.kind === 'split'
          ? [
              {
                id: n.id,
                label: step.label || n.id,
                variants: (step.settings as SettingsOf<'split'>).variants,
              },
            ]
          : [];
      }),
    [nodes],
  );
  return splits.map((split) => (
    <div className="field" key={split.id}>
      <label htmlFor={`sim-split-${split.id}`}>At “{split.label}”</label>
      <select
        id={`sim-split-${split.id}`}
        value={chosen[split.id] ?? ''}
        onChange={(e) => useSimulation.getState().setVariant(split.id, e.target.value || null)}
      >
        <option value="">As its id decides</option>
        {split.variants.map((v) => (
          <option key={v.id} value={v.id}>
            {v.label || v.id} ({v.percent}%)
          </option>
        ))}
      </select>
    </div>
  ));
}

function Running() {
  const state = useSimulation((s) => s.state);
  const startedAt = useSimulation((s) => s.startedAt);
  const past = useSimulation((s) => s.past);
  const { choose, fastForward, back, restart, stop } = useSimulation.getState();
  const sim = currentSimulation();
  const choices = useMemo(() => (state && sim ? sim.choices() : []), [state, sim]);
  if (!state || !sim) return null;
  const start = startedAt ?? state.now;
  const done = state.snapshot.status === 'done';
  return (
    <>
      <div className="row sim__controls">
        <button type="button" onClick={back} disabled={past.length === 0}>
          ↶ Step back
        </button>
        <button type="button" onClick={restart} disabled={past.length === 0}>
          ⟲ Restart
        </button>
        <button type="button" onClick={stop}>
          ■ Stop
        </button>
        <span className="muted sim__clock">{clock(state.now, start)}</span>
      </div>
      {done && <p className="ok">✓ The test lead finished the flow.</p>}
      {choices.map(({ node, options }) => {
        const outcomes = kindOf(node.kind).outcomes(node.settings);
        const labelOf = (o: string) =>
          o === 'reentered'
            ? 'Cooldown over: re-enter nurture'
            : o === 'cameBack'
              ? `The lead comes back (${(node.settings as { comesBackOn?: string }).comesBackOn})`
              : (outcomes.find((x) => x.id === o)?.label ?? humanize(o));
        return (
          <section className="sim__step" key={node.id} aria-label={`Test lead at ${node.label || node.id}`}>
            <div className="sim__at">
              At <strong>{node.label || node.id}</strong>: what happens?
            </div>
            <div className="sim__choices">
              {options.map((o) => (
                <button key={o.outcome} type="button" onClick={() => choose(node.id, o.outcome)}>
                  {(o.fireTimer && o.events.length === 0) || o.notBefore ? '» ' : ''}
                  {labelOf(o.outcome)}
                </button>
              ))}
            </div>
          </section>
        );
      })}
      {!done && choices.length === 0 && (
        <div className="sim__step">
          <button type="button" onClick={() => fastForward()} disabled={state.timers.length === 0}>
            » Fast-forward to the next timer
          </button>
        </div>
      )}
      {!done && <LeadDoes doc={sim.doc} />}
      <h3>Step log</h3>
      <ol className="sim__log" aria-label="Step log">
        {state.log.map((entry, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows or is replaced.
          <li key={i} className={`log log--${entry.type}`}>
            <span className="log__at">{clock(entry.at, start)}</span> {entry.text}
            {entry.type === 'enrollInFlow' && (
              // The simulator sees this flow alone: whether the other flow takes the lead is the runtime's call.
              <span className="muted">
                {' '}
                (the runtime skips this when the lead is already in that flow, or it is not published)
              </span>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * The test lead does something no step names (a page visit, a form), as a lead event to the runtime:
 * a step waiting for it hears it, and branches on past events count it. The flow's own event types are
 * offered.
 */
function LeadDoes({ doc }: { doc: FlowDocument }) {
  const [type, setType] = useState('');
  const offered = useMemo(() => leadEventTypes(doc), [doc]);
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!type.trim()) return;
    useSimulation.getState().leadEvent(type);
    setType('');
  };
  return (
    <form className="sim__step row" onSubmit={send}>
      <label htmlFor="sim-event">The lead does</label>
      <input
        id="sim-event"
        list="sim-event-types"
        placeholder="pricing.visited"
        value={type}
        onChange={(e) => setType(e.target.value)}
      />
      <datalist id="sim-event-types">
        {offered.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <button type="submit" disabled={!type.trim()}>
        Send
      </button>
    </form>
  );
}
