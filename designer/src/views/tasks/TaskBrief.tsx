import type { TaskDetail } from '../../api/work.ts';

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** What the step asks of the rep: its purpose, talking points, a meeting's agenda and length, a hand-off's note. */
export function TaskBrief({ task }: { task: TaskDetail }) {
  const purpose = text(task.details.purpose);
  const note = text(task.details.note);
  const points = strings(task.details.talkingPoints);
  const agenda = task.agenda ?? strings(task.details.agenda);
  const minutes = typeof task.details.durationMinutes === 'number' ? task.details.durationMinutes : null;
  if (!purpose && !note && points.length === 0 && agenda.length === 0) return null;
  return (
    <section className="work-card" aria-labelledby="task-brief">
      <h2 id="task-brief">Brief</h2>
      {purpose && <p>{purpose}</p>}
      {note && <p>{note}</p>}
      {points.length > 0 && (
        <>
          <h3>Talking points</h3>
          <ul>
            {points.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </>
      )}
      {agenda.length > 0 && (
        <>
          <h3>Agenda{minutes ? ` (${minutes} minutes)` : ''}</h3>
          <ol>
            {agenda.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
