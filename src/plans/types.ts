/**
 * App-side types shared by stages and plans: the typed stage kind, plan inputs, plan definitions.
 */
import type { AppConfig } from '../config/index.js';
import type { StageKindDef, StageBuildInput } from '../pipeline/index.js';
import type { CategoryTable } from '../inputs/categories.js';
import type { ProfileTable } from '../inputs/profile.js';

/** What every stage builder receives besides its knobs (pipeline.md §7 "plan inputs"). */
export interface PlanInputs {
  /** Categories table (empty in compile previews). */
  categories: CategoryTable;
  /** Normalised profile table (empty in compile previews). */
  profile: ProfileTable;
  preferencesGuidance: string;
  dislikes: string[];
  /** `context_guidance` text ('' when none or not shown). */
  contextGuidance: string;
  /** The draft prompt of plans with `required_inputs: [draft_prompt]`, trimmed; null otherwise. */
  draftPrompt: string | null;
  /** Workspace root for relative knob paths. */
  workspaceRoot: string;
  /** Run seed (compile previews: prompt.random_seed ?? 0). */
  seed: number;
  /** The resolved plan name. */
  plan: string;
}

export type AppStageKind = StageKindDef<AppConfig, PlanInputs>;
export type AppStageBuildInput = StageBuildInput<AppConfig, PlanInputs>;

export type PlanStageItem = string | { kind: string; name: string };
export type ContextInjectionMode = 'config' | 'disabled' | 'enabled';
export type PlanRequiredInput = 'draft_prompt';

/** A plan of the catalog (pipeline.md §10). */
export interface PlanDef {
  name: string;
  /** One line, printed by `list-plans`. */
  intent: string;
  /** Kind ids in order, or `{kind, name}` for named instances. Empty for `custom` (from the config). */
  stages: PlanStageItem[];
  contextInjection?: ContextInjectionMode;
  requiredInputs?: PlanRequiredInput[];
  requiresScoring?: boolean;
}
