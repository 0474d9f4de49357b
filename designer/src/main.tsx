import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { availableExamples } from './flow/examples.ts';
import { loadAutosave } from './hooks/useAutosave.ts';
import { useEditor } from './store/editor.ts';

// A first-time user sees an example flow; a returning one finds their work where they left it.
const first = loadAutosave() ?? availableExamples()[0]?.flow;
if (first) useEditor.getState().load(structuredClone(first));

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
