/**
 * `season` injector (pipeline.md §6.2).
 */
import { formatIsoDate } from './dates.js';
import type { ContextInjector } from './types.js';

export function seasonOfMonth(month: number, hemisphere: 'northern' | 'southern'): 'winter' | 'spring' | 'summer' | 'fall' {
  const m = hemisphere === 'southern' ? ((month + 5) % 12) + 1 : month;
  if (m === 12 || m <= 2) return 'winter';
  if (m <= 5) return 'spring';
  if (m <= 8) return 'summer';
  return 'fall';
}

export const seasonInjector: ContextInjector = {
  name: 'season',
  run({ cfg, date }) {
    const hemisphere = cfg.context.season.hemisphere === 'southern' ? 'southern' : 'northern';
    const season = seasonOfMonth(date.m, hemisphere);
    return {
      lines: [
        `It is ${season} (${hemisphere} hemisphere); where it helps the idea, let the season's light, weather and atmosphere colour the scene.`,
      ],
      metadata: { season, date_used: formatIsoDate(date), hemisphere },
    };
  },
};
