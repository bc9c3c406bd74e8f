import type { AppStageKind } from '../../plans/types.js';
import { openaiFormat } from './openai_format.js';
import { profileNudge } from './profile_nudge.js';

export const postpromptStages: AppStageKind[] = [profileNudge, openaiFormat];
