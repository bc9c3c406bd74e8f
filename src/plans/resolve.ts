/**
 * Plan resolution (pipeline.md §7.1, §10): plan lookup, instances (incl. `custom` sequences) and
 * required inputs.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AppConfig, StageSequenceItem } from '../config/index.js';
import { CompileError } from '../errors.js';
import { matchSelector, suggestStageIds, type PlanInstance, type StageRegistry } from '../pipeline/index.js';
import { PLAN_CATALOG } from './catalog.js';
import type { PlanDef } from './types.js';

export function planNames(catalog: readonly PlanDef[] = PLAN_CATALOG): string[] {
  return catalog.map((p) => p.name).sort();
}

/** Phase `plan_resolution`: the plan named by `name` (default `cfg.prompt.plan`). */
export function resolvePlan(name: string, catalog: readonly PlanDef[] = PLAN_CATALOG): PlanDef {
  const key = name.trim().toLowerCase();
  if (key === 'auto') throw new CompileError('prompt.plan=auto is no longer supported; choose an explicit plan name');
  const plan = catalog.find((p) => p.name === key);
  if (!plan) throw new CompileError(`Unknown prompt plan: ${key} (available: ${planNames(catalog).join(', ')})`);
  return plan;
}

function resolveSequenceKind(selector: string, registry: StageRegistry, label: string): string {
  const r = matchSelector(selector, registry.ids());
  if (r.ok) return r.id;
  const hint = suggestStageIds(selector, registry.ids(), 8);
  throw new CompileError(`${label}='${selector}' is invalid${hint.length ? ` (did you mean: ${hint.join(', ')})` : ''}`);
}

/** Stage instances of a plan; `custom` reads `prompt.stages.sequence`. */
export function planInstances(plan: PlanDef, cfg: AppConfig, registry: StageRegistry): PlanInstance[] {
  if (plan.name !== 'custom') {
    return plan.stages.map((item) => (typeof item === 'string' ? { id: item, kind: item } : { id: item.name, kind: item.kind }));
  }
  const sequence: StageSequenceItem[] = cfg.prompt.stages.sequence ?? [];
  if (!sequence.length) throw new CompileError('prompt.plan=custom requires prompt.stages.sequence');
  return sequence.map((item, i) => {
    if (typeof item === 'string') {
      const kind = resolveSequenceKind(item.trim(), registry, `prompt.stages.sequence[${i}]`);
      return { id: kind, kind };
    }
    const kind = resolveSequenceKind(String(item.stage ?? '').trim(), registry, `prompt.stages.sequence[${i}].stage`);
    const name = typeof item.name === 'string' && item.name.trim() ? item.name.trim() : kind;
    return { id: name, kind };
  });
}

/** The draft of plans with `required_inputs: [draft_prompt]` (§7.1), else null. */
export function resolveDraftPrompt(cfg: AppConfig, plan: PlanDef): string | null {
  if (!plan.requiredInputs?.includes('draft_prompt')) return null;
  const { draft, draft_path: draftPath } = cfg.prompt.refine_only;
  let text = draft ?? '';
  if (!text.trim() && draftPath) {
    if (!existsSync(draftPath)) throw new CompileError(`prompt.refine_only.draft_path not found: ${draftPath}`);
    text = readFileSync(draftPath, 'utf8').replace(/^\uFEFF/, '');
  }
  if (!text.trim()) throw new CompileError(`prompt.plan=${plan.name} requires prompt.refine_only.draft or draft_path`);
  return text.trim();
}
