import { renderHook } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { useEvery } from './useEvery.ts';

afterEach(() => {
  vi.useRealTimers();
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
});

it('runs on its interval while the page is visible, skips a hidden tab, catches up when it shows again', () => {
  vi.useFakeTimers();
  let runs = 0;
  const { unmount } = renderHook(() => useEvery(30_000, () => runs++));
  vi.advanceTimersByTime(30_000);
  expect(runs).toBe(1);
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  vi.advanceTimersByTime(90_000);
  expect(runs).toBe(1);
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
  expect(runs).toBe(2);
  unmount();
  vi.advanceTimersByTime(60_000);
  expect(runs).toBe(2);
});
