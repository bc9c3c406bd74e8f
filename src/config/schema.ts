/** The config key tree (config.md §7) as zod fields: one definition for the loader and for `config schema`. */
import { z } from 'zod';
import { bool, enumOf, fail, float, int, leaf, openMapping, pathField, section, show, str, stringList, toStr, valueTypeName } from './fields.js';
import type { Field } from './fields.js';
import { cloneConfigData, isMapping } from './merge.js';
import { DEFAULT_API_KEY_ENV, DEFAULT_BASE_URL, defaultProviderModel, defaultRequestsPerMinute, PROVIDER_DEFAULTS, UPSCALE_DEFAULTS } from './providerDefaults.js';

export const KNOWN_INJECTORS = ['season', 'holiday'] as const;

function parseAspectRatio(value: unknown): number {
  const bad = (): never => fail(`Invalid aspect ratio for {path}: ${show(value)}`);
  let ratio: number;
  if (typeof value === 'number') ratio = value;
  else if (Array.isArray(value)) {
    if (value.length !== 2 || !value.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0)) return bad();
    ratio = (value[0] as number) / (value[1] as number);
  } else if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*[:/]\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
    if (m) {
      if (Number(m[2]) === 0) return bad();
      ratio = Number(m[1]) / Number(m[2]);
    } else if (/^\s*\d+(?:\.\d+)?\s*$/.test(value)) ratio = Number(value);
    else return bad();
  } else return bad();
  if (!Number.isFinite(ratio) || ratio <= 0) return bad();
  return ratio;
}

function parseSeed(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) && Number.isSafeInteger(Number(value.trim()))) return Number(value.trim());
  return fail(`{path} must be an int (type=${valueTypeName(value)})`);
}

function parseDate(value: unknown): string {
  const raw = typeof value === 'string' ? value.trim() : show(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (typeof value === 'string' && m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])) return raw;
  }
  return fail(`Invalid config value for {path}: '${raw}' (expected YYYY-MM-DD)`);
}

function parseUrl(value: unknown): string {
  const s = toStr(value);
  let ok = false;
  try {
    const u = new URL(s);
    ok = u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (!ok) fail(`Invalid config value for {path}: '${s}' (expected an http(s) URL)`);
  return s.replace(/\/+$/, '');
}

const nonEmptyOrNull = (description: string): Field<string | null> => str(null, description, { emptyIsNull: true });

function sequenceItem(item: unknown, i: number): string | { stage: string; name: string } {
  const at = `prompt.stages.sequence[${i}]`;
  if (typeof item === 'string') {
    const s = item.trim();
    if (!s) fail(`${at} cannot be empty`);
    return s;
  }
  if (!isMapping(item)) return fail(`${at} must be a string or a {stage, name} mapping (type=${valueTypeName(item)})`);
  for (const k of Object.keys(item)) if (k !== 'stage' && k !== 'name') fail(`Unknown config key ${at}.${k}`);
  const stage = typeof item.stage === 'string' ? item.stage.trim() : '';
  if (!stage) fail(`${at}.stage missing/invalid`);
  const name = typeof item.name === 'string' ? item.name.trim() : '';
  if (!name) fail(`${at}.name missing/invalid`);
  return { stage, name };
}

function overrideEntry(sel: string, value: unknown): Record<string, unknown> {
  const at = `prompt.stages.overrides.${sel}`;
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) return fail(`Invalid config type for ${at}: expected mapping`);
  const unknown = Object.keys(value).filter((k) => k !== 'temperature' && k !== 'params').sort();
  if (unknown.length) fail(`Unknown prompt.stages.overrides keys: ${unknown.map((k) => `${at}.${k}`).join(', ')}`);
  const out: Record<string, unknown> = {};
  if (value.temperature !== undefined && value.temperature !== null) {
    const t = value.temperature;
    if (typeof t !== 'number' || !Number.isFinite(t)) fail(`Invalid config value for ${at}.temperature: must be a float`);
    out.temperature = t;
  }
  if (value.params !== undefined && value.params !== null) {
    if (!isMapping(value.params)) fail(`Invalid config type for ${at}.params: expected mapping`);
    if ('temperature' in value.params) fail(`${at}.params sets temperature; use .temperature instead`);
    out.params = cloneConfigData(value.params);
  }
  return out;
}

function stageConfigEntries(which: 'defaults' | 'instances'): Field<Record<string, unknown>> {
  const at = `prompt.stage_configs.${which}`;
  return leaf(
    z.record(z.string().min(1), z.record(z.string(), z.unknown()).nullable()),
    (v) => {
      if (!isMapping(v)) fail(`Invalid config type for ${at}: expected mapping`);
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v)) {
        if (!k.trim()) fail(`${at} keys must be non-empty strings`);
        if (val === null || val === undefined) continue;
        if (!isMapping(val)) fail(`${at}.${k} must be a mapping (type=${valueTypeName(val)})`);
        out[k] = cloneConfigData(val);
      }
      return out;
    },
    {},
    which === 'defaults'
      ? 'Knobs for every instance of a stage kind; key = kind id or a dot-free suffix (pipeline.md §7, §8.2). Knobs are validated by each stage.'
      : 'Knobs for one stage instance of the resolved plan, deep-merged over its kind defaults.',
  ) as Field<Record<string, unknown>>;
}

function providerFields(kind: 'text' | 'image'): Record<string, Field> {
  const d = PROVIDER_DEFAULTS[kind];
  const common: Record<string, Field> = {
    provider: enumOf(['offline', 'openai'], d.provider, `${kind} provider: offline (deterministic, no network) or openai (OpenAI API or any OpenAI-compatible server).`, { lower: true }),
    model: str(null, `Default ${kind} model (default ${defaultProviderModel('openai', kind)} for openai, ${defaultProviderModel('offline', kind)} for offline).`),
    base_url: leaf(z.string(), parseUrl, null, `Server root, e.g. http://localhost:11434/v1; null = ${DEFAULT_BASE_URL}.`),
    api_key_env: leaf(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
      (v) => {
        const s = toStr(v);
        // Never echo the value: users sometimes paste the key itself here.
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) fail('Invalid config value for {path}: expected the name of an environment variable (e.g. OPENAI_API_KEY), not the key itself');
        return s;
      },
      null,
      `Name of the environment variable holding the API key (default ${DEFAULT_API_KEY_ENV}; with a custom base_url and no api_key_env, no key is sent).`,
    ),
  };
  const limits: Record<string, Field> = {
    timeout_s: float(d.timeout_s, 'Per-request timeout in seconds.', { exclusiveMin: 0 }),
    max_retries: int(d.max_retries, 'Retries on network errors, timeouts, HTTP 408/409/429/5xx.', { min: 0 }),
    requests_per_minute: int(null, `Client-side request limit shared by every run in the process; 0 = none (default ${defaultRequestsPerMinute('openai')} for openai, ${defaultRequestsPerMinute('offline')} for offline).`, { min: 0 }),
    max_concurrency: int(d.max_concurrency, 'Requests in flight at once per process.', { min: 1 }),
    latency_ms: int(d.latency_ms, 'Offline only: simulated latency per call in ms.', { min: 0 }),
    error_rate: float(d.error_rate, 'Offline only: fraction of calls failing with a transient (retryable) error.', { min: 0, max: 1 }),
  };
  if (kind === 'text') {
    const t = PROVIDER_DEFAULTS.text;
    return {
      ...common,
      api: enumOf(['auto', 'responses', 'chat_completions'], t.api, 'Endpoint: auto = responses with the default base_url, else chat_completions.', { lower: true }),
      reasoning_effort: enumOf(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'], t.reasoning_effort, 'Sent as reasoning_effort; null omits it.', { lower: true, nullMeaningful: true }),
      temperature_mode: enumOf(['auto', 'always', 'never'], t.temperature_mode, 'Whether a step temperature is sent (auto: omitted when reasoning_effort is set and not none).', { lower: true }),
      ...limits,
      format_retries: int(t.format_retries, 'Extra calls when a response violates the declared response format.', { min: 0 }),
    };
  }
  const i = PROVIDER_DEFAULTS.image;
  return {
    ...common,
    size: leaf(
      z.string().regex(/^\s*\d+\s*x\s*\d+\s*$/),
      (v) => {
        const s = toStr(v);
        const m = /^(\d+)\s*x\s*(\d+)$/i.exec(s);
        if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) fail(`Invalid config value for {path}: '${s}' (expected <W>x<H>, e.g. 1536x1024)`);
        return `${Number(m[1])}x${Number(m[2])}`;
      },
      i.size,
      'Requested image size <W>x<H>; also the manifest size column.',
    ),
    quality: enumOf(['low', 'medium', 'high', 'auto'], i.quality, 'Image quality.', { lower: true }),
    moderation: enumOf(['low', 'auto'], i.moderation, 'Moderation level.', { lower: true }),
    ...limits,
  };
}

let cached: Record<string, Field> | null = null;

/** Field tree of the top-level sections, in parse order (config.md §5: infra, then prompt, then providers). Built once. */
export function configFields(): Record<string, Field> {
  cached ??= buildConfigFields();
  return cached;
}

function buildConfigFields(): Record<string, Field> {
  const p = (d: string): Field => pathField(d);
  return {
    strict: bool(false, 'Unknown-key warnings become errors.'),
    run: section({ mode: enumOf(['full', 'prompt_only'], 'full', 'full: prompt, title, image, files. prompt_only: prompt pipeline and final prompt file only.', { lower: true, message: (v) => `Unknown run.mode: ${v}` }) }, 'Run settings.'),
    image: section(
      {
        log_path: p('Oplogs, transcripts, final prompts, runs_index.jsonl (required).'),
        generation_path: p('Images and the default titles manifest (required in full mode).'),
        upscale_path: p('Upscaled images (required when upscale.enabled in full mode).'),
        caption_font_path: p('TTF/OTF font for the caption strip; null = bundled font.'),
      },
      'Output folders.',
    ),
    run_review: section(
      { enabled: bool(false, 'Write <gid>_run_report.{json,html} after every run.'), review_path: p('Output folder of run reports (required when enabled).') },
      'Per-run review reports (older spelling run-review accepted).',
    ),
    context: section(
      {
        enabled: bool(false, 'Master switch for context injection (built-in config: true).'),
        injectors: stringList('Ordered injector names (season, holiday).', {
          itemType: (i, v) => `Invalid config type for {path}[${i}]: expected string (type=${valueTypeName(v)})`,
          itemEmpty: (i) => `Invalid config value for {path}[${i}]: cannot be empty`,
          lower: true,
        }, null),
        injection_location: enumOf(['system', 'prompt', 'both'], 'system', 'Where the context guidance goes.', { lower: true }),
        date: leaf(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), parseDate, null, 'Pins the date seen by injectors (YYYY-MM-DD); null = today.'),
        season: section({ hemisphere: enumOf(['northern', 'southern'], 'northern', 'Hemisphere for seasons.', { lower: true, aliases: { north: 'northern', south: 'southern' } }) }, 'Season injector.'),
        holiday: section(
          {
            lookahead_days: int(14, 'Days ahead to look for a holiday.', { exclusiveMin: 0, rangeMessage: 'context.holiday.lookahead_days must be > 0' }),
            base_probability: float(0.15, 'Probability far from the holiday.', { min: 0, max: 1 }),
            max_probability: float(0.55, 'Probability on the day (>= base_probability).', { min: 0, max: 1 }),
          },
          'Holiday injector.',
        ),
        calendar: section({ enabled: bool(false, 'Calendar injector (not implemented; must stay false).') }, 'Calendar injector (not implemented).'),
      },
      'Context injection (season, holiday).',
    ),
    upscale: section(
      {
        enabled: bool(UPSCALE_DEFAULTS.enabled, 'Upscale after saving (full mode).'),
        engine: enumOf(['lanczos', 'realesrgan-ncnn-vulkan'], UPSCALE_DEFAULTS.engine, 'Upscale engine.', { lower: true }),
        target_long_edge_px: int(UPSCALE_DEFAULTS.target_long_edge_px, 'Target long edge in pixels.', { exclusiveMin: 0 }),
        target_width_px: int(null, 'Exact target width (with target_height_px).', { exclusiveMin: 0 }),
        target_height_px: int(null, 'Exact target height (with target_width_px).', { exclusiveMin: 0 }),
        target_aspect_ratio: leaf(
          z.union([z.string(), z.number().positive(), z.tuple([z.number().positive(), z.number().positive()])]),
          parseAspectRatio,
          null,
          'Target aspect ratio: "16:9", "3/2", "1.5", [w, h] or a positive number; stored as width/height.',
        ),
        realesrgan_binary: p('realesrgan-ncnn-vulkan binary; null = env REALESRGAN_NCNN_VULKAN_PATH, then PATH.'),
        model_name: str(UPSCALE_DEFAULTS.model_name, 'Real-ESRGAN model name.'),
        model_path: p('Real-ESRGAN models folder; null = <binary dir>/models.'),
        tile_size: int(UPSCALE_DEFAULTS.tile_size, 'Real-ESRGAN tile size (0 = auto).', { min: 0 }),
        tta: bool(UPSCALE_DEFAULTS.tta, 'Real-ESRGAN test-time augmentation.'),
        allow_fallback_resize: bool(UPSCALE_DEFAULTS.allow_fallback_resize, 'Real-ESRGAN binary missing: use Lanczos instead of failing.'),
      },
      'Upscaling.',
    ),
    rclone: section(
      {
        enabled: bool(false, 'Upload after a full-mode run.'),
        remote: str(null, 'rclone remote (required when enabled).'),
        album: str(null, 'Album name (required when enabled).'),
      },
      'rclone upload.',
    ),
    experiment: section(
      {
        id: nonEmptyOrNull('Experiment id label copied into transcript and run index.'),
        variant: nonEmptyOrNull('Experiment variant label.'),
        notes: nonEmptyOrNull('Free-text notes.'),
        tags: stringList('Tags (non-empty strings).', {
          itemType: (i) => `Invalid config type for {path}[${i}]: expected string`,
          itemEmpty: () => '{path} must not contain empty strings',
        }),
      },
      'Experiment labels.',
    ),
    experiment_runners: openMapping('Per-experiment runner settings, handed to the plugin of that name.', (k, v) => {
      if (v === null || v === undefined) return {};
      if (!isMapping(v)) fail(`Invalid config type for experiment_runners.${k}: expected mapping`);
      return cloneConfigData(v);
    }),
    prompt: section(
      {
        categories_path: p('Categories CSV (required).'),
        profile_path: p('Profile CSV, v4 column form or v5 row form (required).'),
        generations_path: p('generations_v2.csv history (default <image.log_path>/generations_v2.csv).'),
        titles_manifest_path: p('titles_manifest.csv (default <image.generation_path>/titles_manifest.csv).'),
        random_seed: leaf(z.union([z.int(), z.string().regex(/^\s*[+-]?\d+\s*$/)]), parseSeed, null, 'Run seed; null = current Unix time.'),
        plan: leaf(z.string(), (v) => toStr(v).toLowerCase(), null, 'Plan name (required), see list-plans.'),
        refine_only: section({ draft: str(null, 'Draft prompt for plans requiring one.'), draft_path: p('UTF-8 file holding the draft.') }, 'Draft input of refine plans.'),
        stages: section(
          {
            include: stringList('Keep only these stage instances.', {
              itemType: (i, v) => `{path}[${i}] must be a string (type=${valueTypeName(v)})`,
              itemEmpty: (i) => `{path}[${i}] cannot be empty`,
            }),
            exclude: stringList('Drop these stage instances.', {
              itemType: (i, v) => `{path}[${i}] must be a string (type=${valueTypeName(v)})`,
              itemEmpty: (i) => `{path}[${i}] cannot be empty`,
            }),
            sequence: leaf(
              z.array(z.union([z.string().min(1), z.strictObject({ stage: z.string().min(1), name: z.string().min(1) })])),
              (v) => {
                if (!Array.isArray(v)) fail('Invalid config type for {path}: expected list');
                return v.map(sequenceItem);
              },
              [],
              'Stage list for plan custom; items are kind ids or {stage, name}.',
            ),
            overrides: leaf(
              z.record(z.string(), z.strictObject({ temperature: z.number().optional(), params: z.record(z.string(), z.unknown()).optional() }).nullable()),
              (v) => {
                if (!isMapping(v)) fail('Invalid config type for {path}: expected mapping');
                const out: Record<string, unknown> = {};
                for (const [k, val] of Object.entries(v)) {
                  if (!k.trim()) fail('prompt.stages.overrides keys must be non-empty strings');
                  out[k] = overrideEntry(k, val);
                }
                return out;
              },
              {},
              'Patch a stage primary draft step: {temperature, params}.',
            ),
          },
          'Stage selection.',
          'error',
        ),
        output: section(
          {
            capture_stage: leaf(z.string().min(1), (v) => {
              if (typeof v !== 'string' || !v.trim()) fail('prompt.output.capture_stage must be a non-empty string or null');
              return (v as string).trim();
            }, null, 'Stage whose final text becomes image_prompt; null = last chat-producing stage.'),
          },
          'Output capture.',
          'error',
        ),
        stage_configs: section({ defaults: stageConfigEntries('defaults'), instances: stageConfigEntries('instances') }, 'Stage knobs.', 'error'),
        audience: section(
          {
            name: str('the viewer', 'How prompts name the person the art is made for.'),
            description: str(null, 'Optional free text about that audience.'),
          },
          'Audience of the prompts.',
          'error',
        ),
      },
      'Prompt pipeline.',
    ),
    providers: section(
      {
        text: section(providerFields('text'), 'Text provider.'),
        image: section(providerFields('image'), 'Image provider.'),
      },
      'Providers.',
    ),
  };
}

/** The removed keys and their messages (config.md §7.3, §7.5). */
export const REMOVED_IMAGE_KEYS: Record<string, string> = {
  save_path: 'Config key image.save_path has been removed; use image.generation_path instead.',
};
export const REMOVED_PROMPT_BLOCKS = ['scoring', 'blackbox_refine', 'concepts'];

/** Sections whose unknown keys warn (or fail with strict), and the error-class message builders. */
export const UNKNOWN_ERROR_MESSAGES: Record<string, (paths: string[]) => string> = {
  'prompt.stages': (p) => `Unknown prompt.stages keys: ${p.join(', ')}`,
  'prompt.output': (p) => `Unknown prompt.output keys: ${p.join(', ')}`,
  'prompt.stage_configs': (p) => `Unknown prompt.stage_configs keys: ${p.join(', ')}`,
  'prompt.audience': (p) => `Unknown prompt.audience keys: ${p.join(', ')}`,
};
