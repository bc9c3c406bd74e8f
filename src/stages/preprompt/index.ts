import type { AppStageKind } from '../../plans/types.js';
import { filterConcepts } from './filter_concepts.js';
import { selectConcepts } from './select_concepts.js';

export const prepromptStages: AppStageKind[] = [selectConcepts, filterConcepts];
