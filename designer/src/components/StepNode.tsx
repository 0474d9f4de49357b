import { type Queue, queueLabels } from '@tandem/schema';
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { StepNode } from '../flow/graph.ts';
import { kindOf } from '../flow/kinds.ts';
import { LINK_HANDLE } from '../flow/links.ts';
import { stepSummary } from '../flow/summary.ts';
import { placeHash, usePlace } from '../store/place.ts';
import { useRuntime } from '../store/runtime.ts';
import { useSimulation } from '../store/simulation.ts';
import { useValidation } from '../store/validation.ts';
import { KindIcon } from './Icon.tsx';

/**
 * One flow step on the canvas. Memoised, and each store is read through a selector on this node's
 * id only, so editing one step re-renders that step and not the other 999.
 */
function StepNodeView({ id, data, selected }: NodeProps<StepNode>) {
  const step = data.step;
  const def = kindOf(step.kind);
  const outcomes = useMemo(() => def.outcomes(step.settings), [def, step.settings]);
  const summary = useMemo(() => stepSummary(step), [step]);
  const linksOut = useMemo(() => (def.links?.(step.settings) ?? []).length > 0, [def, step.settings]);
  const issues = useValidation((s) => s.byNode[id]);
  const sim = useSimulation((s) => (s.active.has(id) ? 'active' : s.visited.has(id) ? 'visited' : null));
  const stats = useRuntime((s) => (s.statsTarget ? (s.stats[id] ?? null) : undefined));
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = `${outcomes.map((o) => o.id).join('|')}${linksOut ? '+link' : ''}`;
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    // React Flow measures handles on mount; tell it again only when outcomes come or go (one layout per node
    // at mount would cost seconds on a 1,000-step flow).
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [handleKey, id, updateNodeInternals]);

  const team = step.owner.team;
  const owner =
    team === 'sales'
      ? step.owner.queue
        ? queueLabels[step.owner.queue as Queue]
        : 'Sales: no queue'
      : 'Marketing';
  const name = step.label || def.title;
  const classes = ['step', `step--${team}`, `step--${def.category}`];
  if (selected) classes.push('step--selected');
  if (issues) classes.push('step--invalid');
  if (sim) classes.push(`step--sim-${sim}`);

  return (
    <div className={classes.join(' ')} data-testid={`step-${id}`} data-kind={step.kind}>
      {step.kind !== 'entry' && (
        <Handle
          type="target"
          position={Position.Left}
          className="handle handle--in"
          aria-label={`Connect into ${name}`}
        />
      )}
      <header className="step__head">
        <KindIcon kind={step.kind} />
        <span className="step__kind">{def.title}</span>
        <span className={`step__owner step__owner--${team}`} title={`Owner: ${owner}`}>
          {owner}
        </span>
      </header>
      <div className="step__body">
        <div className="step__label">{name}</div>
        <div className="step__summary">{summary}</div>
        {issues && (
          <div className="step__issues" title={issues.map((i) => i.message).join('\n')}>
            ⚠ {issues.length} issue{issues.length === 1 ? '' : 's'}
          </div>
        )}
        {stats !== undefined && (
          <div className="step__stats" data-testid={`stats-${id}`}>
            <HereNow id={id} current={stats?.current ?? 0} /> · {stats?.entered ?? 0} entered
            {stats?.movedIn ? (
              <span title="Leads moved in from another version while at this step (counted in entered)">
                {' '}
                ({stats.movedIn} moved in)
              </span>
            ) : null}
            {stats?.movedOut ? (
              <span title="Leads moved to another version while at this step">
                {' '}
                · {stats.movedOut} moved out
              </span>
            ) : null}
          </div>
        )}
      </div>
      {linksOut && (
        <Handle
          type="source"
          position={Position.Bottom}
          id={LINK_HANDLE}
          className="handle handle--link"
          isConnectable={false}
        />
      )}
      {outcomes.length > 0 && (
        <ul className="step__outcomes">
          {outcomes.map((o) => (
            <li key={o.id} className="step__outcome">
              <span className="step__outcome-label">{o.label}</span>
              {step.terminal.includes(o.id) && <span className="tag">ends</span>}
              {stats?.outcomes[o.id] ? (
                <span className="count" title={`${stats.outcomes[o.id]} left by ${o.label}`}>
                  {stats.outcomes[o.id]}
                </span>
              ) : null}
              <Handle
                type="source"
                position={Position.Right}
                id={o.id}
                className="handle handle--out"
                aria-label={`${name}: ${o.label}`}
                title={`Drag to connect “${o.label}”`}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const StepNodeComponent = memo(StepNodeView);

/**
 * "N here now" on a step of a published version: with leads there, a link to who they are (the Leads
 * area's list of the leads at this step), so a count on the canvas is one click from the people behind it.
 */
function HereNow({ id, current }: { id: string; current: number }) {
  const target = useRuntime((s) => s.statsTarget);
  if (!target || current === 0) {
    return (
      <>
        <strong>{current}</strong> here now
      </>
    );
  }
  const step = { flowId: target.flowId, version: target.version, nodeId: id };
  return (
    <a
      className="step__here nodrag"
      href={placeHash({ area: 'leads', id: null, step })}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        e.stopPropagation();
        usePlace.getState().showStep(step);
      }}
    >
      <strong>{current}</strong> here now
    </a>
  );
}
