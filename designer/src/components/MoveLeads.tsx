import { leads, useRuntime } from '../store/runtime.ts';

/**
 * Leads still on other versions of the flow in view: how many can go on in this version from the step
 * they are at, a button to move them, and who would stay where they are and why.
 */
export function MoveLeads({ flowId }: { flowId: string }) {
  const movable = useRuntime((s) => s.movable);
  const busy = useRuntime((s) => s.busy);
  if (!movable || movable.flowId !== flowId) return null;
  const staying = movable.stayed.reduce((sum, g) => sum + g.count, 0);
  const onOthers = movable.moved + staying;
  return (
    <section className="move-leads" aria-label="Leads on other versions">
      <h3>Leads on other versions</h3>
      <p>
        {leads(onOthers)} {onOthers === 1 ? 'is' : 'are'} in progress on other versions of this flow.{' '}
        {movable.moved > 0
          ? `${leads(movable.moved)} can go on in version ${movable.version} from the step ${movable.moved === 1 ? 'it is' : 'they are'} at.`
          : `None can move to version ${movable.version}.`}
      </p>
      {movable.stayed.length > 0 && (
        <ul className="list" aria-label="Leads that stay on their version">
          {movable.stayed.map((g) => (
            <li key={`${g.version}-${g.nodeId}-${g.reason}`}>
              <span>
                {leads(g.count)} on version {g.version}
                {g.label ? ` at “${g.label}”` : ''} would stay: {g.reason}.
              </span>
            </li>
          ))}
        </ul>
      )}
      {movable.moved > 0 && (
        <div className="row">
          <button type="button" onClick={() => void useRuntime.getState().moveLeads()} disabled={busy}>
            Move {leads(movable.moved)} to version {movable.version}
          </button>
        </div>
      )}
    </section>
  );
}
