import { type FlowDocument, nodeIndex } from '@tandem/schema';
import { useEffect, useState } from 'react';
import { work } from '../../api/work.ts';

/** Published flow documents by `flowId@version`, for step labels, owners and flow names. */
export type FlowDocs = ReadonlyMap<string, FlowDocument>;

const docKey = (flowId: string, version: number) => `${flowId}@${version}`;

/**
 * The documents of the flow versions a lead is or was in. Missing ones (a token that may not read them, a
 * runtime that did not answer) are simply absent: the pages then show ids instead of labels.
 */
export function useFlowDocs(refs: readonly { flowId: string; version: number }[]): FlowDocs {
  const key = [...new Set(refs.map((r) => docKey(r.flowId, r.version)))].sort().join('\n');
  const [docs, setDocs] = useState<FlowDocs>(new Map());
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split('\n') : [];
    void Promise.all(
      wanted.map(async (k) => {
        const at = k.lastIndexOf('@');
        return [k, await work.flowVersion(k.slice(0, at), Number(k.slice(at + 1)))] as const;
      }),
    ).then((pairs) => {
      if (!live) return;
      const found = new Map<string, FlowDocument>();
      for (const [k, doc] of pairs) if (doc) found.set(k, doc);
      setDocs(found);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return docs;
}

export function flowDoc(
  docs: FlowDocs,
  flowId: string | null,
  version: number | null,
): FlowDocument | undefined {
  if (!flowId) return undefined;
  if (version !== null) return docs.get(docKey(flowId, version));
  // A line without a version: any version of the flow names it.
  for (const [k, doc] of docs) if (k.startsWith(`${flowId}@`)) return doc;
  return undefined;
}

/** A flow's name from any version read, else its id. */
export function flowName(docs: FlowDocs, flowId: string, version: number | null = null): string {
  return (flowDoc(docs, flowId, version) ?? flowDoc(docs, flowId, null))?.name ?? flowId;
}

/** A step's label in a flow version, else its id. */
export function stepLabel(docs: FlowDocs, flowId: string, version: number, nodeId: string): string {
  const doc = flowDoc(docs, flowId, version);
  return (doc && nodeIndex(doc).get(nodeId)?.label) || nodeId;
}
