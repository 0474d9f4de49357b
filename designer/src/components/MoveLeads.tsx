import { useId } from 'react';
import type { MoveReport } from '../api/client.ts';
import { leads, useRuntime } from '../store/runtime.ts';
import { sentCount, useMoveMap } from './useMoveMap.ts';

type StayedGroup = MoveReport['stayed'][number];

/**
 * Leads still on other versions of the flow in view: how many can go on in this version from the step
 * they are at, a button to move them, and who would stay where they are and why. Leads kept at a step
 * can be sent to a step of this version chosen for them instead; the counts follow each choice.
 */
export function MoveLeads({ flowId }: { flowId: string }) {
  const movable = useRuntime((s) => s.movable);
  if (!movable || movable.flowId !== flowId) return null;
  return <MoveOffer movable={movable} />;
}

function MoveOffer({ movable }: { movable: MoveReport }) {
  const busy = useRuntime((s) => s.busy);
  const { report, counting, error, chosen, choose, move } = useMoveMap(movable);
  const staying = report.stayed.reduce((sum, g) => sum + g.count, 0);
  const sent = sentCount(report);
  const onOthers = report.moved + staying;
  const atTheirStep = report.moved - sent;
  const target = report.version;
  return (
    <section className="move-leads" aria-label="Leads on other versions">
      <h3>Leads on other versions</h3>
      <p>
        {leads(onOthers)} {onOthers === 1 ? 'is' : 'are'} in progress on other versions of this flow.{' '}
        {report.moved === 0
          ? `None can move to version ${target}.`
          : sent === 0
            ? `${leads(report.moved)} can go on in version ${target} from the step ${report.moved === 1 ? 'it is' : 'they are'} at.`
            : `${leads(report.moved)} can go on in version ${target}: ${atTheirStep.toLocaleString('en')} from the step ${atTheirStep === 1 ? 'it is' : 'they are'} at, ${sent.toLocaleString('en')} at the step you chose.`}
      </p>
      {movable.stayed.length > 0 && (
        <ul className="list" aria-label="Leads that stay on their version">
          {movable.stayed.map((g) => (
            <StayedItem
              key={`${g.version}-${g.nodeId}-${g.reason}`}
              group={g}
              targets={movable.targets}
              target={target}
              chosen={g.nodeId === null ? '' : chosen(g.version, g.nodeId)}
              onChoose={(dest) => g.nodeId !== null && choose(g.version, g.nodeId, dest)}
            />
          ))}
        </ul>
      )}
      {counting && <p className="muted">Counting the leads with your choice…</p>}
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {report.moved > 0 && (
        <div className="row">
          <button type="button" onClick={() => void move()} disabled={busy || counting || error !== null}>
            Move {leads(report.moved)} to version {target}
          </button>
        </div>
      )}
    </section>
  );
}

/**
 * One group of leads that would stay, and where to send them instead: any step of the target version that
 * can be entered (the runtime lists them), or nowhere ("Leave them on version N").
 */
function StayedItem(props: {
  group: StayedGroup;
  targets: MoveReport['targets'];
  target: number;
  chosen: string;
  onChoose: (dest: string) => void;
}) {
  const { group: g, targets, target, chosen } = props;
  const said = useId();
  const dest = targets.find((t) => t.nodeId === chosen);
  const where = `${leads(g.count)} on version ${g.version}${g.label ? ` at “${g.label}”` : ''}`;
  return (
    <li>
      <span id={said}>
        {dest
          ? `${where} (${g.reason}) ${g.count === 1 ? 'goes' : 'go'} to “${dest.label}” in version ${target}.`
          : `${where} would stay: ${g.reason}.`}
      </span>
      {g.nodeId !== null && targets.length > 0 && (
        <label>
          Send them to…{' '}
          <select value={chosen} onChange={(e) => props.onChoose(e.target.value)} aria-describedby={said}>
            <option value="">Leave them on version {g.version}</option>
            {targets.map((t) => (
              <option key={t.nodeId} value={t.nodeId}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
      )}
    </li>
  );
}
