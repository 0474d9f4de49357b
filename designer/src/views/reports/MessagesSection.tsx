import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { type OutboxMessage, reportsApi } from '../../api/reports.ts';
import { useSession } from '../../store/session.ts';
import '../reports.css';
import { useLoad } from '../../hooks/useLoad.ts';
import { counted } from './format.ts';
import { MessageCounts } from './MessageCounts.tsx';
import { MessageList } from './MessageList.tsx';
import { countMessages, messageLead } from './messages.ts';
import { SectionState } from './SectionState.tsx';

/**
 * The counts and the channels, read side by side. A refusal names the outbox (the first read), so the
 * reader sees which route their token may not call, whichever answer came first.
 */
async function loadOutbox() {
  const [counts, channels] = await Promise.allSettled([reportsApi.outboxCounts(), reportsApi.channels()]);
  if (counts.status === 'rejected') throw counts.reason;
  if (channels.status === 'rejected') throw channels.reason;
  return { channels: channels.value, counts: countMessages(channels.value, counts.value) };
}

const afterReplay = (n: number) =>
  n === 1
    ? 'It goes out with the next delivery run, with the same idempotency key.'
    : 'They go out with the next delivery run, with the same idempotency keys.';

/**
 * The outbox: what each channel sent, still tries and gave up on (dead letters, after 5 failed attempts), the
 * messages themselves, and for admins a way to send dead letters again.
 */
export function MessagesSection({ refresh, onLoaded }: { refresh: number; onLoaded: () => void }) {
  const isAdmin = useSession((s) => s.me?.role === 'admin');
  // Bumped after a replay: counts and list are read again.
  const [replays, setReplays] = useState(0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const resultLine = useRef<HTMLParagraphElement>(null);
  // The replayed row (or the button) goes away once the list is read again: keyboard focus goes to what happened.
  useEffect(() => {
    if (result) resultLine.current?.focus();
  }, [result]);
  const reload = `${refresh}:${replays}`;
  const { data, error, loading } = useLoad(reload, loadOutbox, { keep: true, onSettled: onLoaded });

  const replay = async (send: () => Promise<string>) => {
    setBusy(true);
    try {
      setResult({ tone: 'success', text: await send() });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), 0, 'error');
      if (err.status === 401) useSession.getState().expire();
      setResult({
        tone: 'error',
        text: err.status === 403 ? `Not with this token. ${err.message}` : err.message,
      });
    } finally {
      setBusy(false);
      setReplays((n) => n + 1);
    }
  };
  const replayMany = (channel?: string) =>
    replay(async () => {
      const { replayed } = await reportsApi.replayAll(channel);
      const what = channel ? `${channel} dead letter` : 'dead letter';
      return replayed.length === 0
        ? `No ${what}s to replay: they were replayed already.`
        : `Queued ${counted(replayed.length, what)} again. ${afterReplay(replayed.length)}`;
    });
  const replayOne = (m: OutboxMessage) =>
    replay(async () => {
      await reportsApi.replay(m.id);
      return `Queued the ${m.channel} message to ${messageLead(m)} again. ${afterReplay(1)}`;
    });

  const dead = data?.counts.total.dead ?? 0;
  return (
    <section className="reports-section" aria-labelledby="reports-messages">
      <h2 id="reports-messages">Messages</h2>
      {!data ? (
        <SectionState loading={loading} error={error} />
      ) : (
        <>
          <p className="reports-note">
            Every email, webinar invitation and sales-task notice a flow sends goes through the outbox. A
            failed send is tried again later; after 5 failed attempts it becomes a dead letter and waits to be
            replayed.
          </p>
          <MessageCounts
            counts={data.counts}
            canReplay={isAdmin}
            busy={busy}
            onReplayChannel={(row) => void replayMany(row.channel)}
          />
          {dead > 0 && (
            <div className="row reports-actions">
              {isAdmin ? (
                <button type="button" className="primary" disabled={busy} onClick={() => void replayMany()}>
                  Replay all dead letters
                </button>
              ) : (
                <p className="muted">Replaying dead letters needs an admin token.</p>
              )}
            </div>
          )}
          {result && (
            <p
              ref={resultLine}
              tabIndex={-1}
              className={`notice notice--${result.tone}`}
              role={result.tone === 'error' ? 'alert' : 'status'}
            >
              {result.text}
            </p>
          )}
          <MessageList
            channels={Object.keys(data.channels)}
            reload={reload}
            canReplay={isAdmin}
            busy={busy}
            onReplay={(m) => void replayOne(m)}
          />
        </>
      )}
    </section>
  );
}
