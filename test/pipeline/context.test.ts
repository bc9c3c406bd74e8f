import { describe, expect, it } from 'vitest';
import { buildSystemPrompt, contextSlotText, nextOccurrence, HOLIDAYS, runContextInjectors, seasonOfMonth } from '../../src/context/index.js';
import { stream } from '../../src/pipeline/index.js';
import { defaultConfig, memoryLogger } from './helpers.js';

const GUIDANCE_HORROR = 'Preference interpretation rules:\n- x\n\nHates:\n- Horror films';

function run(date: string, opts: { injectors?: string[]; seed?: number; guidance?: string; mutate?: (d: Record<string, any>) => void; cfg?: ReturnType<typeof defaultConfig> } = {}) {
  const cfg = opts.cfg ?? defaultConfig((d) => {
    d.context.date = date;
    if (opts.injectors) d.context.injectors = opts.injectors;
    opts.mutate?.(d);
  });
  const logger = memoryLogger();
  const res = runContextInjectors(cfg, { seed: opts.seed ?? 1, plan: 'simple', mode: 'config', preferencesGuidance: opts.guidance ?? '', logger });
  return { res, lines: logger.lines };
}

describe('season injector (§6.2)', () => {
  it('maps months and hemispheres', () => {
    expect([12, 1, 3, 6, 9].map((m) => seasonOfMonth(m, 'northern'))).toEqual(['winter', 'winter', 'spring', 'summer', 'fall']);
    expect(seasonOfMonth(1, 'southern')).toBe('summer');
    const { res } = run('2026-07-04', { injectors: ['season'], mutate: (d) => (d.context.season = { hemisphere: 'south' }) });
    expect(res.metadata.season).toEqual({ season: 'winter', date_used: '2026-07-04', hemisphere: 'southern' });
    expect(res.guidance.startsWith('Context guidance (optional):\n- It is winter (southern hemisphere)')).toBe(true);
  });
});

describe('holiday injector (§6.3)', () => {
  it('finds the next occurrence, incl. Thanksgiving and the year wrap', () => {
    const thanks = HOLIDAYS.find((h) => h.key === 'thanksgiving')!;
    expect(nextOccurrence(thanks, { y: 2026, m: 11, d: 1 })).toEqual({ date: { y: 2026, m: 11, d: 26 }, days: 25 });
    const ny = HOLIDAYS.find((h) => h.key === 'new_years_day')!;
    expect(nextOccurrence(ny, { y: 2026, m: 12, d: 30 }).days).toBe(2);
  });

  it('no holiday in the window', () => {
    const { res, lines } = run('2026-06-10', { injectors: ['holiday'] });
    expect(res.metadata.holiday).toEqual({ applied: false, reason: 'no_holiday_in_window', date_used: '2026-06-10', lookahead_days: 14 });
    expect(lines).toContain('INFO Holiday injector: no holidays within 14 days');
    expect(res.guidance).toBe('');
  });

  it('rolls on stream context:holiday; probability rises as the day nears; same seed, same roll', () => {
    const { res, lines } = run('2026-12-25', { injectors: ['holiday'], seed: 3 });
    const meta = res.metadata.holiday!;
    expect(meta.roll).toBe(stream(3, 'context:holiday').random());
    expect(meta.computed_probability).toBeCloseTo(0.55);
    expect(meta.days_until).toBe(0);
    expect(meta.holiday).toBe('Christmas');
    const line = lines.find((l) => l.includes('Holiday injector: next=Christmas in 0 days'))!;
    expect(line).toMatch(/\(p=0\.550 roll=\d\.\d{3} applied=(true|false)\)/);
    expect(line.endsWith('You MUST adopt it as an additional theme.')).toBe(meta.applied === true);
    expect(run('2026-12-25', { injectors: ['holiday'], seed: 3 }).res.metadata).toEqual(res.metadata);
  });

  it('adding an injector does not change another injector\'s roll', () => {
    const alone = run('2026-10-25', { injectors: ['holiday'], seed: 11 }).res.metadata.holiday;
    const both = run('2026-10-25', { injectors: ['season', 'holiday'], seed: 11 }).res.metadata.holiday;
    expect(both).toEqual(alone);
  });

  it('Halloween with horror among the hates asks for playful motifs; theme_strength only when not applied', () => {
    const cfg = defaultConfig((d) => {
      d.context.date = '2026-10-31';
      d.context.injectors = ['holiday'];
    });
    const applied = new Set<boolean>();
    for (let seed = 0; seed < 40; seed++) {
      const { res } = run('2026-10-31', { cfg, seed, guidance: GUIDANCE_HORROR });
      applied.add(res.metadata.holiday!.applied as boolean);
      const meta = res.metadata.holiday!;
      if (meta.applied) {
        expect(res.guidance).toContain('playful, non-frightening');
        expect(meta.theme_strength).toBeUndefined();
      } else {
        expect(meta.theme_strength).toBe('none');
        expect(res.guidance).toBe('');
      }
    }
    expect([...applied].sort()).toEqual([false, true]);
    const plain = run('2026-10-31', { cfg, seed: [...Array(40).keys()].find((s) => run('2026-10-31', { cfg, seed: s }).res.metadata.holiday!.applied)! });
    expect(plain.res.guidance).toContain('Halloween is coming up');
    expect(plain.res.guidance).not.toContain('non-frightening');
  });
});

describe('activation and placement (§6.1, §6.4)', () => {
  it('logs the injector names; disabled plans skip injection', () => {
    const { lines } = run('2026-03-01');
    expect(lines[0]).toBe('INFO Context injectors enabled: season, holiday');
    const cfg = defaultConfig();
    expect(runContextInjectors(cfg, { seed: 1, plan: 'profile_only', mode: 'disabled', preferencesGuidance: '', logger: memoryLogger() })).toEqual({ active: false, guidance: '', metadata: {} });
  });

  it('guidance goes to the system prompt and/or the context slot', () => {
    const g = 'Context guidance (optional):\n- It is spring.';
    const sys = defaultConfig((d) => (d.context.injection_location = 'system'));
    const prompt = defaultConfig((d) => (d.context.injection_location = 'prompt'));
    const both = defaultConfig((d) => {
      d.context.injection_location = 'both';
      d.prompt.audience = { name: 'the collector', description: null };
    });
    expect(buildSystemPrompt(sys, { contextGuidance: g }).endsWith(`\n\n${g}`)).toBe(true);
    expect(contextSlotText(sys, g)).toBe('<none>');
    expect(buildSystemPrompt(prompt, { contextGuidance: g })).not.toContain('Context guidance');
    expect(contextSlotText(prompt, g)).toBe(g);
    expect(buildSystemPrompt(both, { contextGuidance: g })).toContain('the collector');
    expect(contextSlotText(both, g)).toBe(g);
  });
});
