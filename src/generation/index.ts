/** generation/ (issue 6): one run end to end (`runGeneration`) and the readers of its artifacts. */
export { runGeneration } from './run-generation.js';
export type { RunGenerationOptions, GenerationResult } from './run-generation.js';
export type { RunErrorRecord, Phase } from './run-state.js';
export { readRecipe, type Recipe } from './recipe.js';
export { MANIFEST_COLUMNS, GENERATIONS_COLUMNS } from './shared-csv.js';
export { captionText } from './caption.js';
export type { PromptSide } from './prompt-side.js';
export type { RunReportHook, IndexRefreshHook } from './hooks.js';
