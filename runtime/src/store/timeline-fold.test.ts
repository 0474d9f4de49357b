import { describeEffect } from '@tandem/schema';
import { describe, expect, it } from 'vitest';
import { foldLines } from '../engine/apply-step.ts';
import { publishIfChanged } from '../publishing.ts';
import { sampleFlow, testApp } from '../testing.ts';
import type { FlowVersionRecord, NewTimelineEntry } from './records.ts';
import { SqliteStore } from './sqlite-store.ts';
import { enteredText } from './timeline-text.ts';

/** Writes lines to one store and their folded rows to the other; reads both back: lead timeline, counts, waterfall. */
async function writeBoth(
  plain: SqliteStore,
  lines: NewTimelineEntry[],
  folding: SqliteStore,
  folded: NewTimelineEntry[],
  version: FlowVersionRecord,
) {
  await plain.transaction((tx) => tx.addTimelines(lines));
  await folding.transaction((tx) => tx.addTimelines(folded));
  const read = (s: SqliteStore) =>
    s.read(async (tx) => ({
      lines: await tx.timeline('l1'),
      counts: await tx.nodeCounts(version.flowId, version.version),
      waterfall: await tx.waterfall(),
    }));
  return { want: await read(plain), got: await read(folding) };
}

/** Two stores with the same flow published: one gets lines as written, the other their folded rows. */
async function twoStores(flowId: string) {
  const t = testApp();
  const plain = new SqliteStore(`${t.path}-plain.db`);
  const versions = await Promise.all(
    [t.store, plain].map((s) => s.transaction((tx) => publishIfChanged(tx, sampleFlow(flowId), 1))),
  );
  const version = versions[0];
  if (!version) throw new Error('not published');
  const rows = () => (t.store.db.prepare('SELECT COUNT(*) AS n FROM timeline').get() as { n: number }).n;
  const close = async () => {
    await plain.close();
    await t.close();
  };
  return { store: t.store, plain, version, doc: version.doc, rows, close };
}

/** Writes the same lines to two stores, folded in one: reads and stats must not tell them apart. */
describe('folded timeline rows', () => {
  it('read back as exactly the lines they stand for, with the same ids and counts', async () => {
    const { store, plain, version, rows, close } = await twoStores('fold');
    const [a, b] = version.doc.nodes;
    if (!a || !b) throw new Error('flow too small');
    const base = { leadId: 'l1', at: 5, flowId: version.flowId, version: version.version };
    const doc = version.doc;
    const reached = (nodeId: string): NewTimelineEntry => ({
      ...base,
      type: 'enterNode',
      text: describeEffect({ type: 'enterNode', params: { nodeId } }, doc) ?? '',
      nodeId,
      data: { nodeId },
    });
    const outcome = (nodeId: string, o: string): NewTimelineEntry => ({
      ...base,
      type: 'recordOutcome',
      text: describeEffect({ type: 'recordOutcome', params: { nodeId, outcome: o } }, doc) ?? '',
      nodeId,
      data: { nodeId, outcome: o },
    });
    const entered: NewTimelineEntry = {
      ...base,
      type: 'flowEntered',
      text: enteredText(doc.name, version.version, 'api'),
      nodeId: null,
      data: { enrollmentId: 'e1', via: 'api' },
    };
    const other: NewTimelineEntry = {
      ...base,
      type: 'page.visited',
      text: 'Visited',
      nodeId: null,
      data: {},
    };
    const lines = [
      other,
      entered,
      reached(a.id),
      outcome(a.id, 'next'),
      reached(b.id),
      other,
      outcome(b.id, 'done'),
      reached(a.id),
      outcome(a.id, 'next'),
    ];
    const folded: NewTimelineEntry[] = [
      other,
      { ...entered, fold: { nodeId: a.id, outcome: 'next', next: b.id } },
      other,
      { ...outcome(b.id, 'done'), fold: { nodeId: b.id, outcome: 'done', next: a.id } },
      outcome(a.id, 'next'),
    ];
    const { want, got } = await writeBoth(plain, lines, store, folded, version);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    expect(rows()).toBe(5);
    await close();
  });

  it('keep a whole step in one row when the store can write its lines again', async () => {
    const { store, plain, version, rows, close } = await twoStores('chain');
    const doc = version.doc;
    const base = { leadId: 'l1', at: 9, flowId: version.flowId, version: version.version };
    const effect = (type: string, data: Record<string, unknown>, text?: string): NewTimelineEntry => ({
      ...base,
      type,
      text: text ?? describeEffect({ type, params: data }, doc) ?? '',
      nodeId: typeof data.nodeId === 'string' ? data.nodeId : null,
      data,
    });
    const step = [
      // welcome → email sent → score → wait: one row.
      effect('recordOutcome', { nodeId: 'welcome', outcome: 'next' }),
      effect('enterNode', { nodeId: 'pause' }),
      effect('sendEmail', { nodeId: 'pause', subject: 'Hello', template: 't' }),
      effect('scoreChanged', { nodeId: 'pause', points: 5, score: 15, reason: 'Visit' }),
      effect('recordOutcome', { nodeId: 'pause', outcome: 'next' }),
      effect('recordOutcome', { nodeId: 'call', outcome: 'connected' }),
      effect('enterNode', { nodeId: 'stage-dq' }),
      // A stage change is read by the waterfall: it stays a row of its own, and ends the fold.
      effect('stageChanged', { nodeId: 'stage-dq', stage: 'disqualified', previous: 'mql', reason: 'x' }),
      effect('recordOutcome', { nodeId: 'stage-dq', outcome: 'next' }),
      // A line whose text is not the one its data gives is kept as written.
      effect('scoreChanged', { nodeId: 'stage-dq', points: 1, score: 16 }, 'Score adjusted by hand'),
      effect('recordOutcome', { nodeId: 'pause', outcome: 'next' }),
      effect('enterNode', { nodeId: 'done' }),
    ];
    const folded = foldLines(undefined, step, doc);
    expect(folded.map((l) => l.type)).toEqual([
      'recordOutcome',
      'stageChanged',
      'recordOutcome',
      'scoreChanged',
      'recordOutcome',
    ]);
    expect(folded[0]?.fold?.rest).toHaveLength(4);
    const { want, got } = await writeBoth(plain, step, store, folded, version);
    expect(got.lines).toHaveLength(step.length);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    expect(got.counts.outcomes.pause).toEqual({ next: 2 });
    expect(got.counts.entered.pause).toBe(1);
    expect(rows()).toBe(5);
    await close();
  });

  it('keep a lead event’s line in the row of the step it caused, with the event for rules', async () => {
    const { store, plain, version, close } = await twoStores('caused');
    const doc = version.doc;
    const base = { leadId: 'l1', at: 9, flowId: version.flowId, version: version.version };
    const step = (nodeId: string): NewTimelineEntry[] =>
      [
        { ...base, type: 'recordOutcome', text: '', nodeId, data: { nodeId, outcome: 'next' } },
        { ...base, type: 'enterNode', text: '', nodeId: 'pause', data: { nodeId: 'pause' } },
      ].map((l) => ({ ...l, text: describeEffect({ type: l.type, params: l.data }, doc) ?? '' }));
    const event = (type: string, at: number, text?: string): NewTimelineEntry => ({
      leadId: 'l1',
      at: 9,
      type,
      text: text ?? (type === 'email.clicked' ? 'Email clicked' : 'Page visited: /pricing'),
      flowId: type === 'email.clicked' ? version.flowId : null,
      version: null,
      nodeId: type === 'email.clicked' ? 'welcome' : null,
      data: type === 'email.clicked' ? { eventAt: at } : { url: '/pricing', eventAt: at },
      event: { type, at },
    });
    const clicked = event('email.clicked', 3);
    const visited = event('page.visited', 4);
    // Worded by hand: kept as written, in a row of its own.
    const odd = event('page.visited', 5, 'Visited our pricing page');
    const folded = [
      ...foldLines(undefined, step('welcome'), doc, clicked),
      ...foldLines(undefined, step('call'), doc, visited),
      ...foldLines(undefined, step('stage-dq'), doc, odd),
    ];
    expect(folded.map((l) => l.type)).toEqual([
      'recordOutcome',
      'recordOutcome',
      'page.visited',
      'recordOutcome',
    ]);
    const plainLines = [clicked, ...step('welcome'), visited, ...step('call'), odd, ...step('stage-dq')];
    const { want, got } = await writeBoth(plain, plainLines, store, folded, version);
    expect(got.lines).toHaveLength(plainLines.length);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    const events = (s: SqliteStore) => s.read((tx) => tx.recentLeadEvents('l1', 10));
    expect(await events(store)).toEqual([
      { type: 'email.clicked', at: 3 },
      { type: 'page.visited', at: 4 },
      { type: 'page.visited', at: 5 },
    ]);
    expect(await events(store)).toEqual(await events(plain));
    await close();
  });

  it('get unique ids in order when two connections and a rolled-back step write between them', async () => {
    const { store, version, close } = await twoStores('ids');
    // A second connection to the same file, as the ingest thread has.
    const other = new SqliteStore(store.path);
    const base = { leadId: 'l1', flowId: version.flowId, version: version.version };
    let at = 0;
    // An outcome with the next step's "reached" line: one row standing for two lines (two ids).
    const folded = (): NewTimelineEntry => ({
      ...base,
      at: ++at,
      type: 'recordOutcome',
      text: '',
      nodeId: 'welcome',
      data: { nodeId: 'welcome', outcome: 'next' },
      fold: { nodeId: 'welcome', outcome: 'next', next: 'pause' },
    });
    const plain = (): NewTimelineEntry => ({
      ...base,
      at: ++at,
      type: 'note',
      text: 'Note',
      nodeId: null,
      data: {},
    });
    await store.transaction(async (tx) => {
      await tx.addTimelines([folded()]);
      await tx.addTimeline(plain());
      await tx.addTimelines([folded()]);
    });
    await other.transaction((tx) => tx.addTimelines([folded(), plain()]));
    await store.transaction(async (tx) => {
      await tx.addTimelines([folded()]);
      await tx
        .savepoint(async () => {
          await tx.addTimelines([folded()]);
          throw new Error('this step fails');
        })
        .catch(() => undefined);
      await tx.addTimelines([folded()]);
      await tx.addTimeline(plain());
    });
    const lines = await store.read((tx) => tx.timeline('l1'));
    // 5 folded rows kept (the rolled-back one is gone) of two lines each, and 3 plain lines.
    expect(lines).toHaveLength(13);
    expect(lines.map((l) => l.at)).toEqual([1, 1, 2, 3, 3, 4, 4, 5, 6, 6, 8, 8, 9]);
    const ids = lines.map((l) => l.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    await other.close();
    await close();
  });
});
