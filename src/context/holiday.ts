/**
 * `holiday` injector (pipeline.md §6.3).
 */
import { roundHalfUp } from '../artifacts/index.js';
import { guidanceSections } from '../inputs/guidance.js';
import { daysBetween, formatIsoDate, nthWeekdayOfMonth, type CalendarDate } from './dates.js';
import type { ContextInjector } from './types.js';

interface HolidayDef {
  key: string;
  label: string;
  dateIn(year: number): CalendarDate;
}

export const HOLIDAYS: readonly HolidayDef[] = [
  { key: 'new_years_day', label: 'New Year’s Day', dateIn: (y) => ({ y, m: 1, d: 1 }) },
  { key: 'valentines_day', label: 'Valentine’s Day', dateIn: (y) => ({ y, m: 2, d: 14 }) },
  { key: 'halloween', label: 'Halloween', dateIn: (y) => ({ y, m: 10, d: 31 }) },
  { key: 'thanksgiving', label: 'Thanksgiving', dateIn: (y) => nthWeekdayOfMonth(y, 11, 4, 4) },
  { key: 'christmas', label: 'Christmas', dateIn: (y) => ({ y, m: 12, d: 25 }) },
];

/** Next occurrence on/after `date` (this year, else next). */
export function nextOccurrence(holiday: HolidayDef, date: CalendarDate): { date: CalendarDate; days: number } {
  const thisYear = holiday.dateIn(date.y);
  const days = daysBetween(date, thisYear);
  if (days >= 0) return { date: thisYear, days };
  const nextYear = holiday.dateIn(date.y + 1);
  return { date: nextYear, days: daysBetween(date, nextYear) };
}

/** Three decimals, rounded half up (README decision 7). */
function fixed3(x: number): string {
  return roundHalfUp(x, 3).toFixed(3);
}

function mentionsHorror(guidance: string): boolean {
  const sections = guidanceSections(guidance);
  return ['dislikes', 'hates'].some((name) => (sections.get(name) ?? []).some((line) => /horror/i.test(line)));
}

function appliedLine(label: string, key: string, guidance: string): string {
  if (key === 'halloween' && mentionsHorror(guidance)) {
    return `${label} is coming up: make it a clear additional theme through playful, non-frightening motifs (warm lantern light, harvest colours, whimsical costumes), never horror.`;
  }
  return `${label} is coming up: make it a clear additional theme through its motifs, decorations, light and colours.`;
}

export const holidayInjector: ContextInjector = {
  name: 'holiday',
  run({ cfg, date, stream, preferencesGuidance, log }) {
    const { lookahead_days: lookahead, base_probability: base, max_probability: max } = cfg.context.holiday;
    const dateUsed = formatIsoDate(date);
    let best: { holiday: HolidayDef; date: CalendarDate; days: number } | null = null;
    for (const holiday of HOLIDAYS) {
      const next = nextOccurrence(holiday, date);
      if (next.days > lookahead) continue;
      if (!best || next.days < best.days) best = { holiday, ...next };
    }
    if (!best) {
      log('INFO', `Holiday injector: no holidays within ${lookahead} days`);
      return { lines: [], metadata: { applied: false, reason: 'no_holiday_in_window', date_used: dateUsed, lookahead_days: lookahead } };
    }
    const closeness = (lookahead - best.days) / lookahead;
    const p = base + (max - base) * closeness;
    const roll = stream.random();
    const applied = roll < p;
    log(
      'INFO',
      `Holiday injector: next=${best.holiday.label} in ${best.days} days (p=${fixed3(p)} roll=${fixed3(roll)} applied=${applied})` +
        (applied ? ' You MUST adopt it as an additional theme.' : ''),
    );
    const metadata: Record<string, unknown> = {
      applied,
      date_used: dateUsed,
      holiday: best.holiday.label,
      holiday_key: best.holiday.key,
      holiday_date: formatIsoDate(best.date),
      days_until: best.days,
      lookahead_days: lookahead,
      base_probability: base,
      max_probability: max,
      computed_probability: p,
      roll,
    };
    if (!applied) metadata.theme_strength = 'none';
    return { lines: applied ? [appliedLine(best.holiday.label, best.holiday.key, preferencesGuidance)] : [], metadata };
  },
};
