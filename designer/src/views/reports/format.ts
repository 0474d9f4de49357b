/** Figures as the reader's locale writes them. */

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const share = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export const count = (n: number): string => whole.format(n);

/** `0.4567` → "45.7%" (in the reader's locale). */
export const percent = (ratio: number): string => share.format(ratio);

/** "1 lead", "1,204 leads". */
export const counted = (n: number, one: string, many = `${one}s`): string =>
  `${count(n)} ${n === 1 ? one : many}`;

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A runtime time (ISO) as the reader's date and time: "Jan 6, 2026, 9:00 AM" (as the lead pages write it). */
export { dateTime } from '../leads/format.ts';

/** A runtime time (ISO) as the reader's date: "Jan 5, 2026". */
export const date = (iso: string): string => day.format(new Date(iso));
