/**
 * Calendar dates without time zones: `{y, m, d}` and day arithmetic through UTC midnights.
 */
export interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

export function parseIsoDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const date = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const check = new Date(Date.UTC(date.y, date.m - 1, date.d));
  if (check.getUTCFullYear() !== date.y || check.getUTCMonth() !== date.m - 1 || check.getUTCDate() !== date.d) return null;
  return date;
}

/** Today's local calendar date. */
export function todayLocal(now: Date = new Date()): CalendarDate {
  return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
}

export function formatIsoDate(date: CalendarDate): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

function dayNumber(date: CalendarDate): number {
  return Date.UTC(date.y, date.m - 1, date.d) / 86_400_000;
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

/** The n-th (1-based) given weekday (0 = Sunday) of a month. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): CalendarDate {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  return { y: year, m: month, d: day };
}
