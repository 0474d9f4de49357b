import { useEffect, useRef } from 'react';

/**
 * Focus on a page's first element of interest (its heading, its search field) when the page opens, as after
 * following a link: keyboard and screen reader users start there instead of at the top of the toolbar.
 */
export function useArrivalFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
