import { areas, placeHash, usePlace } from '../store/place.ts';

/** The designer's areas, as links (each has its address, so Back and new tabs work). */
export function AreaNav() {
  const area = usePlace((s) => s.area);
  return (
    <nav className="areas" aria-label="Areas">
      {areas.map((a) => (
        <a
          key={a.id}
          href={placeHash({ area: a.id, id: null })}
          className={a.id === area ? 'areas__link areas__link--active' : 'areas__link'}
          aria-current={a.id === area ? 'page' : undefined}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
            e.preventDefault();
            usePlace.getState().go(a.id);
          }}
        >
          {a.label}
        </a>
      ))}
    </nav>
  );
}
