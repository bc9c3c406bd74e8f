/**
 * The stage registry of the app: every family registers its kinds here, in catalog order
 * (pipeline.md §8.1). Add a family with ONE import and ONE entry in FAMILIES.
 */
import { StageRegistry } from '../pipeline/index.js';
import type { AppStageKind } from '../plans/types.js';
import { abStages } from './ab/index.js';
import { blackboxStages } from './blackbox/index.js';
import { blackboxRefineStages } from './blackbox_refine/index.js';
import { directStages } from './direct/index.js';
import { postpromptStages } from './postprompt/index.js';
import { prepromptStages } from './preprompt/index.js';
import { refineStages } from './refine/index.js';
import { standardStages } from './standard/index.js';

export const FAMILIES: readonly (readonly AppStageKind[])[] = [
  prepromptStages,
  blackboxStages,
  blackboxRefineStages,
  directStages,
  postpromptStages,
  refineStages,
  standardStages,
  abStages,
];

/** A fresh registry holding every registered stage kind. */
export function defaultStageRegistry(): StageRegistry {
  const registry = new StageRegistry();
  for (const family of FAMILIES) registry.registerAll(family);
  return registry;
}
