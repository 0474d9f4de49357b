import { useEditor } from '../store/editor.ts';
import { useRuntime } from '../store/runtime.ts';
import { useSession } from '../store/session.ts';
import { useValidation } from '../store/validation.ts';

/** Whether Publish is possible now, and if not, the reason to show next to the button. */
export function usePublishState(): { canPublish: boolean; reason: string | null } {
  const issueCount = useValidation((s) => s.issues.length);
  const readOnly = useEditor((s) => s.readOnly);
  const offline = useRuntime((s) => s.status === 'offline');
  const busy = useRuntime((s) => s.busy);
  const denied = useSession((s) =>
    s.permissions.canPublish ? null : (s.permissions.why.publish ?? 'Not allowed.'),
  );
  let reason: string | null = null;
  if (denied) reason = denied;
  else if (readOnly) reason = 'Read-only version: open the draft to change it.';
  else if (issueCount > 0) reason = `Fix ${issueCount} issue${issueCount === 1 ? '' : 's'} to publish.`;
  else if (offline) reason = 'The runtime is not reachable.';
  else if (busy) reason = 'Working…';
  return { canPublish: reason === null, reason };
}
