import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from './components/Canvas.tsx';
import { ConfirmDialog } from './components/ConfirmDialog.tsx';
import { ExamplesDialog } from './components/ExamplesDialog.tsx';
import { Inspector } from './components/Inspector.tsx';
import { IssuesPanel } from './components/IssuesPanel.tsx';
import { MachineDialog } from './components/MachineDialog.tsx';
import { Palette } from './components/Palette.tsx';
import { RuntimePanel } from './components/RuntimePanel.tsx';
import { SimulationPanel } from './components/SimulationPanel.tsx';
import { TokenDialog } from './components/TokenDialog.tsx';
import { Toolbar } from './components/Toolbar.tsx';
import { useAutosave } from './hooks/useAutosave.ts';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts.ts';
import { useLiveValidation } from './hooks/useLiveValidation.ts';
import { useStatsPolling } from './hooks/useStatsPolling.ts';
import { followHash, usePlace } from './store/place.ts';
import { useRuntime } from './store/runtime.ts';
import { useSession } from './store/session.ts';
import { useSimulation } from './store/simulation.ts';
import { type SidePanel, useUi } from './store/ui.ts';
import { useValidation } from './store/validation.ts';
import { LeadsView } from './views/LeadsView.tsx';
import { ReportsView } from './views/ReportsView.tsx';
import { TasksView } from './views/TasksView.tsx';

const tabs: { id: SidePanel; label: string }[] = [
  { id: 'inspect', label: 'Inspect' },
  { id: 'issues', label: 'Issues' },
  { id: 'simulate', label: 'Simulate' },
  { id: 'runtime', label: 'Runtime' },
];

/**
 * The Issues tab's count: red issues that block publishing; without any, amber advice that does not (see
 * the panel), else a green 0.
 */
function IssuesBadge({ issues, advice }: { issues: number; advice: number }) {
  if (issues > 0) return <span className="badge badge--warn">{issues}</span>;
  if (advice > 0)
    return (
      <span className="badge badge--advice" title={`${advice} to consider; nothing blocks publishing`}>
        {advice}
      </span>
    );
  return <span className="badge badge--ok">0</span>;
}

function SideTabs() {
  const panel = useUi((s) => s.panel);
  const issueCount = useValidation((s) => s.issues.length);
  const adviceCount = useValidation((s) => s.warnings.length);
  const simulating = useSimulation((s) => s.running);
  const set = useUi((s) => s.set);
  return (
    <aside className="side">
      <div className="tabs" role="tablist" aria-label="Side panel">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={panel === t.id}
            aria-controls={`panel-${t.id}`}
            className={panel === t.id ? 'tab tab--active' : 'tab'}
            onClick={() => set({ panel: t.id })}
          >
            {t.label}
            {t.id === 'issues' && <IssuesBadge issues={issueCount} advice={adviceCount} />}
            {t.id === 'simulate' && simulating && <span className="badge badge--live">live</span>}
          </button>
        ))}
      </div>
      <div className="side__body" role="tabpanel" id={`panel-${panel}`} aria-labelledby={`tab-${panel}`}>
        {panel === 'inspect' && <Inspector />}
        {panel === 'issues' && <IssuesPanel />}
        {panel === 'simulate' && <SimulationPanel />}
        {panel === 'runtime' && <RuntimePanel />}
      </div>
    </aside>
  );
}

function Toast() {
  const toast = useUi((s) => s.toast);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => useUi.getState().set({ toast: null }), 5000);
    return () => clearTimeout(t);
  }, [toast]);
  return toast ? (
    <div className="toast" role="status">
      {toast}
    </div>
  ) : null;
}

function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  const close = () => useUi.getState().set({ dialog: null });
  if (dialog === 'machine') return <MachineDialog onClose={close} />;
  if (dialog === 'examples') return <ExamplesDialog onClose={close} />;
  return null;
}

function Workspace() {
  useLiveValidation();
  useAutosave();
  useKeyboardShortcuts();
  useStatsPolling();
  useEffect(() => {
    void useSession
      .getState()
      .init()
      .then(() => useRuntime.getState().refresh());
  }, []);
  useEffect(followHash, []);
  const area = usePlace((s) => s.area);
  return (
    <div className="app">
      <Toolbar />
      {area === 'journeys' && (
        <main className="workspace">
          <Palette />
          <Canvas />
          <SideTabs />
        </main>
      )}
      {area === 'leads' && <LeadsView />}
      {area === 'tasks' && <TasksView />}
      {area === 'reports' && <ReportsView />}
      <Dialogs />
      <TokenDialog />
      <ConfirmDialog />
      <Toast />
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Workspace />
    </ReactFlowProvider>
  );
}
