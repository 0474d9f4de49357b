import type { ReactNode } from 'react';
import { type Area, placeHash, usePlace } from '../../store/place.ts';

/**
 * A link to a lead, a task or an area: a real address (new tabs, copying, Back all work), followed in place
 * on a plain click.
 */
export function PlaceLink({
  area,
  id = null,
  className,
  children,
}: {
  area: Area;
  id?: string | null;
  className?: string;
  children: ReactNode;
}) {
  return (
    <a
      href={placeHash({ area, id })}
      className={className}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        usePlace.getState().go(area, id);
      }}
    >
      {children}
    </a>
  );
}
