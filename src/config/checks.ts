/** Cross-field rules and conditional requirements (config.md §6, §7) applied after the fields parsed. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ConfigNote } from './load.js';
import { isMapping } from './merge.js';
import { DEFAULT_API_KEY_ENV, defaultProviderModel, defaultRequestsPerMinute } from './providerDefaults.js';
import { KNOWN_INJECTORS } from './schema.js';
import type { ProviderName } from './types.js';

type Dict = Record<string, unknown>;
type Fail = (message: string, ...keyPaths: string[]) => never;

/** Plans that take `prompt.refine_only.draft` / `draft_path` (pipeline.md §10, required_inputs draft_prompt). */
export const DRAFT_PLANS = ['refine_only', 'blackbox_refine_only'];

const sec = (parsed: Dict, key: string): Dict => parsed[key] as Dict;
const rawSec = (raw: Dict, key: string): Dict => (isMapping(raw[key]) ? (raw[key] as Dict) : {});

export function checkInfra(parsed: Dict, _raw: Dict, warnings: ConfigNote[], fail: Fail): void {
  const mode = sec(parsed, 'run').mode;
  const image = sec(parsed, 'image');
  const upscale = sec(parsed, 'upscale');
  if (!image.log_path) fail('Missing required config: image.log_path', 'image.log_path');
  if (mode === 'full') {
    if (!image.generation_path) fail('Missing required config: image.generation_path (required when run.mode=full)', 'image.generation_path', 'run.mode');
    if (upscale.enabled && !image.upscale_path) fail('Missing required config: image.upscale_path (required when upscale.enabled=true)', 'image.upscale_path', 'upscale.enabled');
  }

  const review = sec(parsed, 'run_review');
  if (review.enabled && !review.review_path) {
    fail('Missing required config: run_review.review_path (required when run_review.enabled=true)', 'run_review.review_path', 'run_review.enabled');
  }

  const context = sec(parsed, 'context');
  const calendarMessage =
    "Calendar context injector is not implemented yet. Set context.calendar.enabled=false (default) or remove 'calendar' from context.injectors.";
  if ((context.calendar as Dict).enabled) fail(calendarMessage, 'context.calendar.enabled');
  if (context.injectors === null) {
    context.injectors = [...KNOWN_INJECTORS];
    if (context.enabled) {
      warnings.push({ level: 'WARNING', message: "Config key context.injectors is not set; defaulting to ['season', 'holiday']" });
    }
  }
  for (const name of context.injectors as string[]) {
    if (name === 'calendar') fail(calendarMessage, 'context.injectors');
    if (!(KNOWN_INJECTORS as readonly string[]).includes(name)) fail(`Unknown context injector: ${name}`, 'context.injectors');
  }
  const holiday = context.holiday as Dict;
  if ((holiday.max_probability as number) < (holiday.base_probability as number)) {
    fail('context.holiday.max_probability must be >= base_probability', 'context.holiday.max_probability', 'context.holiday.base_probability');
  }

  const hasW = upscale.target_width_px !== null;
  const hasH = upscale.target_height_px !== null;
  if (hasW !== hasH) {
    fail('Both upscale.target_width_px and upscale.target_height_px must be provided together', hasW ? 'upscale.target_width_px' : 'upscale.target_height_px');
  }
  if (hasW && upscale.target_aspect_ratio !== null) {
    fail('Provide either upscale.target_width_px/target_height_px or upscale.target_aspect_ratio, not both', 'upscale.target_aspect_ratio', 'upscale.target_width_px', 'upscale.target_height_px');
  }

  const rclone = sec(parsed, 'rclone');
  if (mode === 'full' && rclone.enabled) {
    if (!rclone.remote) fail('Missing required config: rclone.remote (required when rclone.enabled=true)', 'rclone.remote', 'rclone.enabled');
    if (!rclone.album) fail('Missing required config: rclone.album (required when rclone.enabled=true)', 'rclone.album', 'rclone.enabled');
  }
}

export function checkPrompt(parsed: Dict, raw: Dict, warnings: ConfigNote[], fail: Fail, strict: boolean): void {
  const prompt = sec(parsed, 'prompt');
  const image = sec(parsed, 'image');
  const mode = sec(parsed, 'run').mode;
  if (!prompt.categories_path) fail('Missing required config: prompt.categories_path', 'prompt.categories_path');
  if (!prompt.profile_path) fail('Missing required config: prompt.profile_path', 'prompt.profile_path');
  if (!prompt.plan) fail('Missing required config: prompt.plan', 'prompt.plan');
  const plan = prompt.plan as string;

  if (!prompt.generations_path) prompt.generations_path = path.join(image.log_path as string, 'generations_v2.csv');
  if (!prompt.titles_manifest_path && mode === 'full') {
    prompt.titles_manifest_path = path.join(image.generation_path as string, 'titles_manifest.csv');
    warnings.push({ level: 'INFO', message: `Config key prompt.titles_manifest_path is not set; defaulting to ${prompt.titles_manifest_path}` });
  }

  const refine = prompt.refine_only as Dict;
  if (refine.draft !== null && refine.draft_path !== null) {
    fail('Provide only one of prompt.refine_only.draft or prompt.refine_only.draft_path', 'prompt.refine_only.draft', 'prompt.refine_only.draft_path');
  }
  if (refine.draft !== null || refine.draft_path !== null) {
    if (!DRAFT_PLANS.includes(plan)) warnings.push({ level: 'WARNING', message: `prompt.refine_only is ignored for prompt.plan=${plan}` });
    else if (refine.draft_path !== null && !existsSync(refine.draft_path as string)) {
      fail(`prompt.refine_only.draft_path not found: ${refine.draft_path}`, 'prompt.refine_only.draft_path');
    }
  }

  const stages = prompt.stages as Dict;
  if ((stages.sequence as unknown[]).length > 0 && plan !== 'custom') {
    const message = `prompt.stages.sequence is ignored for prompt.plan=${plan}`;
    if (strict) fail(message, 'prompt.stages.sequence');
    warnings.push({ level: 'WARNING', message });
  }
  void raw;
}

const OFFLINE_ONLY = ['latency_ms', 'error_rate'] as const;

export function checkProviders(parsed: Dict, raw: Dict, warnings: ConfigNote[]): void {
  const providers = sec(parsed, 'providers');
  const rawProviders = rawSec(raw, 'providers');
  for (const kind of ['text', 'image'] as const) {
    const p = providers[kind] as Dict;
    const given = isMapping(rawProviders[kind]) ? (rawProviders[kind] as Dict) : {};
    const openai = p.provider === 'openai';
    if (!p.model) p.model = defaultProviderModel(p.provider as ProviderName, kind);
    if (p.requests_per_minute === null) p.requests_per_minute = defaultRequestsPerMinute(p.provider as ProviderName);
    if (!p.api_key_env) {
      const localServer = p.base_url !== null && (given.api_key_env === undefined || given.api_key_env === null);
      p.api_key_env = localServer ? null : DEFAULT_API_KEY_ENV;
    }
    if (openai) {
      for (const key of OFFLINE_ONLY) {
        if (p[key] !== 0) {
          warnings.push({ level: 'WARNING', message: `Config key providers.${kind}.${key} is ignored for provider=openai (offline only)` });
        }
      }
    }
  }
}
