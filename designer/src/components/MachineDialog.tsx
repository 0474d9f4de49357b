import { compileFlow } from '@tandem/schema';
import { useMemo, useState } from 'react';
import { currentDocument, useEditor } from '../store/editor.ts';
import { Dialog } from './Dialog.tsx';

/** The XState machine config the runtime would run for this flow, ready to copy. */
export function MachineDialog({ onClose }: { onClose: () => void }) {
  const [copied, setCopied] = useState<'no' | 'copied' | 'selected'>('no');
  const result = useMemo(() => compileFlow(currentDocument(useEditor.getState())), []);
  const text = result.ok ? JSON.stringify(result.value, null, 2) : '';
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      // Clipboard refused (no permission, plain http): select the text so Ctrl+C works, and say so.
      const pre = document.getElementById('machine-json');
      if (pre) window.getSelection()?.selectAllChildren(pre);
      setCopied('selected');
    }
  };
  return (
    <Dialog title="Compiled XState machine" onClose={onClose}>
      {result.ok ? (
        <>
          <div className="row">
            <button type="button" className="primary" onClick={() => void copy()}>
              {copied === 'copied' ? 'Copied' : 'Copy JSON'}
            </button>
            {copied === 'selected' && (
              <span role="status">
                The browser did not allow copying: the JSON is selected, press Ctrl+C (⌘C on a Mac) to copy
                it.
              </span>
            )}
            <span className="muted">
              {text.length.toLocaleString()} characters · state ids are step ids · same flow, same bytes
            </span>
          </div>
          <pre id="machine-json" className="code">
            {text}
          </pre>
        </>
      ) : (
        <>
          <p className="notice notice--error">The flow has issues, so it does not compile yet:</p>
          <ul>
            {result.issues.map((i) => (
              <li key={`${i.code}-${i.nodeId}-${i.message}`}>{i.message}</li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}
