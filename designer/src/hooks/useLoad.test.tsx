import { act, renderHook, waitFor } from '@testing-library/react';
import { expect, it } from 'vitest';
import { useLoad } from './useLoad.ts';

/** A read the test answers by hand, one promise per call. */
function answers() {
  const calls: { key: string; answer(value: string): void }[] = [];
  const load = (key: string) =>
    new Promise<string>((resolve) => {
      calls.push({ key, answer: resolve });
    });
  return { calls, load };
}

it('shows loading for a new key, or keeps the last answer on screen when asked to', async () => {
  const { calls, load } = answers();
  const plain = renderHook(({ key }) => useLoad(key, load), { initialProps: { key: 'ann' } });
  const kept = renderHook(({ key }) => useLoad(key, load, { keep: true }), { initialProps: { key: 'r1' } });
  await act(async () => {
    calls[0]?.answer('Ann');
    calls[1]?.answer('report 1');
  });
  expect(plain.result.current).toMatchObject({ status: 'ready', data: 'Ann', loading: false });
  plain.rerender({ key: 'ben' });
  kept.rerender({ key: 'r2' });
  // Another lead must not show the previous one; a refreshed report stays until its new figures come.
  expect(plain.result.current).toMatchObject({ status: 'loading', data: null, loading: true });
  expect(kept.result.current).toMatchObject({ status: 'ready', data: 'report 1', loading: true });
  await act(async () => {
    calls[3]?.answer('report 2');
  });
  expect(kept.result.current).toMatchObject({ data: 'report 2', loading: false });
});

it('keeps what is shown during a reload, and reads once per key however often the caller renders', async () => {
  let reads = 0;
  const { result, rerender } = renderHook(() =>
    // A new closure each render, as callers write them inline.
    useLoad('t1', async () => `answer ${++reads}`),
  );
  await waitFor(() => expect(result.current.data).toBe('answer 1'));
  rerender();
  rerender();
  expect(reads).toBe(1);
  let reloading: Promise<void> = Promise.resolve();
  act(() => {
    reloading = result.current.reload();
  });
  expect(result.current).toMatchObject({ data: 'answer 1', loading: true });
  await act(() => reloading);
  expect(result.current).toMatchObject({ data: 'answer 2', loading: false });
});
