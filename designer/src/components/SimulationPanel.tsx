import { stageLabels } from '@tandem/schema';
import { useMemo } from 'react';
import { kindOf } from '../flow/kinds.ts';
import { humanize } from '../flow/schema-form.ts';
import { currentDocument, useEditor } from '../store/editor.ts';
import { currentSimulation, type TestLead, useSimulation } from '../store/simulation.ts';
import { NumberInput } from './NumberInput.tsx';
import { keyValues, ParsedTextArea } from './TextInputs.tsx';

const START = Date.parse('2026-01-05T09:00:00Z');

function clock(at: number): string {
  const day = Math.floor((at - START) / 86_400_000) + 1;
  const time = new Date(at).toISOString().slice(11, 16);
  return `Day ${day} ${time}`;
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
  const setLead = useSimulation((s) => s.setLead);
  const start = () => useSimulation.getState().start(currentDocument(useEditor.getState()));
  return (
    <>
      <p className="muted">
        Send a test lead through this flow. At each step you choose what happens: opened, no answer,
        disqualified…; waits can be fast-forwarded. Branches decide on the lead’s facts below.
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
      <button type="button" className="primary" onClick={start}>
        ▶ Start test lead
      </button>
    </>
  );
}

function Running() {
  const state = useSimulation((s) => s.state);
  const past = useSimulation((s) => s.past);
  const { choose, fastForward, back, restart, stop } = useSimulation.getState();
  const sim = currentSimulation();
  const choices = useMemo(() => (state && sim ? sim.choices() : []), [state, sim]);
  if (!state || !sim) return null;
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
        <span className="muted sim__clock">{clock(state.now)}</span>
      </div>
      {done && <p className="ok">✓ The test lead finished the flow.</p>}
      {choices.map(({ node, options }) => {
        const outcomes = kindOf(node.kind).outcomes(node.settings);
        const labelOf = (o: string) =>
          o === 'reentered'
            ? 'Cooldown over: re-enter nurture'
            : (outcomes.find((x) => x.id === o)?.label ?? humanize(o));
        return (
          <section className="sim__step" key={node.id} aria-label={`Test lead at ${node.label || node.id}`}>
            <div className="sim__at">
              At <strong>{node.label || node.id}</strong>: what happens?
            </div>
            <div className="sim__choices">
              {options.map((o) => (
                <button key={o.outcome} type="button" onClick={() => choose(node.id, o.outcome)}>
                  {o.fireTimer && o.events.length === 0 ? '» ' : ''}
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
      <h3>Step log</h3>
      <ol className="sim__log" aria-label="Step log">
        {state.log.map((entry, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows or is replaced.
          <li key={i} className={`log log--${entry.type}`}>
            <span className="log__at">{clock(entry.at)}</span> {entry.text}
          </li>
        ))}
      </ol>
    </>
  );
}
