import { useId, useState } from 'react';
import type { TimelineEntry } from '../../api/work.ts';
import { dateTime } from './format.ts';
import { sideNames, sideOf } from './touch-side.ts';
import { type FlowDocs, flowDoc, flowName } from './useFlowDocs.ts';

type Order = 'newest' | 'oldest';

/**
 * The lead's one shared record, newest or oldest first: each line with its date and time, the flow it
 * came from and what happened, marked as marketing's, sales', the lead's own or the record's (in words
 * and colour) so both teams read each other's touches at a glance.
 */
export function Timeline({
  title,
  entries,
  docs,
}: {
  title: string;
  /** Oldest first, as the runtime answers. */
  entries: TimelineEntry[];
  docs: FlowDocs;
}) {
  const [order, setOrder] = useState<Order>('newest');
  const id = useId();
  const shown = order === 'newest' ? [...entries].reverse() : entries;
  return (
    <section className="work-card timeline" aria-labelledby={`${id}-title`}>
      <div className="timeline__head">
        <h2 id={`${id}-title`}>{title}</h2>
        <fieldset className="toggle">
          <legend className="sr-only">Order</legend>
          {(['newest', 'oldest'] as const).map((o) => (
            <label key={o} className={order === o ? 'toggle__option toggle__option--on' : 'toggle__option'}>
              <input
                type="radio"
                name={`${id}-order`}
                value={o}
                checked={order === o}
                onChange={() => setOrder(o)}
              />
              {o === 'newest' ? 'Newest first' : 'Oldest first'}
            </label>
          ))}
        </fieldset>
      </div>
      {entries.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ol className="touches" aria-label={title}>
          {shown.map((e) => {
            const side = sideOf(e, flowDoc(docs, e.flowId, e.version));
            return (
              <li key={e.id} className={`touch touch--${side}`}>
                <time dateTime={e.at} className="touch__at">
                  {dateTime(e.at)}
                </time>
                <span className="touch__side">{sideNames[side]}</span>
                {e.flowId && <span className="touch__flow">{flowName(docs, e.flowId, e.version)}</span>}
                <span className="touch__text">{e.text}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
