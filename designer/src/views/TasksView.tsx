import { usePlace } from '../store/place.ts';
import './work.css';
import { WorkGate } from './leads/WorkGate.tsx';
import { TaskInbox } from './tasks/TaskInbox.tsx';
import { TaskPage } from './tasks/TaskPage.tsx';

/** The Tasks area: the sales task inbox, and one task to work (`#/tasks/<id>`). */
export function TasksView() {
  const id = usePlace((s) => s.id);
  return (
    <main className="view work" aria-label="Tasks">
      <WorkGate what="tasks">{id ? <TaskPage key={id} id={id} /> : <TaskInbox />}</WorkGate>
    </main>
  );
}
