import '../reports.css';

/**
 * A bar as long as `value` is of `max`. Only a picture of the figure printed beside it, so screen readers
 * skip it.
 */
export function Bar({
  value,
  max,
  tone = 'funnel',
}: {
  value: number;
  max: number;
  tone?: 'funnel' | 'exit';
}) {
  const width = max > 0 ? (value / max) * 100 : 0;
  return (
    <span className={`reports-bar reports-bar--${tone}`} aria-hidden="true">
      <span
        className={value > 0 ? 'reports-bar__fill reports-bar__fill--some' : 'reports-bar__fill'}
        style={{ width: `${width}%` }}
      />
    </span>
  );
}
