import '@xyflow/react/dist/style.css';
import './styles.css';
import { generateFlow } from '@tandem/examples/generate';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { availableExamples } from './flow/examples.ts';
import { loadAutosave } from './hooks/useAutosave.ts';
import { useEditor } from './store/editor.ts';

// A first-time user sees an example flow; a returning one finds their work where they left it.
// `?example=<id>` opens a playbook; `?generate=<n>` opens a generated flow of n steps (large-canvas checks).
const params = new URLSearchParams(location.search);
const generate = Number(params.get('generate'));
const first =
  (generate > 0 ? generateFlow(Math.min(generate, 2000)) : null) ??
  availableExamples().find((e) => e.id === params.get('example'))?.flow ??
  loadAutosave() ??
  availableExamples()[0]?.flow;
if (first) useEditor.getState().load(structuredClone(first));

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
