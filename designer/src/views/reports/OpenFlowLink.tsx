import { useEditor } from '../../store/editor.ts';
import { placeHash, usePlace } from '../../store/place.ts';
import { useRuntime } from '../../store/runtime.ts';

/**
 * Opens a published version on the journey canvas (read-only, with its live counts), asking first when the
 * canvas holds unsaved changes. Stays here when the user keeps their changes; says why when it fails.
 */
export function OpenFlowLink({
  flowId,
  name,
  version,
  onError,
}: {
  flowId: string;
  name: string;
  version: number;
  onError: (message: string) => void;
}) {
  const open = async () => {
    await useRuntime.getState().openVersion(flowId, version);
    const origin = useEditor.getState().origin;
    if (origin.type === 'version' && origin.flowId === flowId && origin.version === version) {
      usePlace.getState().go('journeys');
      return;
    }
    const message = useRuntime.getState().message;
    if (message?.tone === 'error') onError(message.text);
  };
  return (
    <a
      href={placeHash({ area: 'journeys', id: null })}
      aria-label={`Open ${name}, version ${version}, on the canvas`}
      onClick={(e) => {
        e.preventDefault();
        void open();
      }}
    >
      Open on the canvas
    </a>
  );
}
