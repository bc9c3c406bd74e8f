/** The `blackbox` stage family (pipeline.md §8): idea cards, judging, selection, final prompts. */
import type { AppStageKind } from '../../plans/types.js';
import { prepareStage } from './prepare.js';
import { generatorProfileHintsStage } from './generator-profile-hints.js';
import { profileAbstractionStage } from './profile-abstraction.js';
import { profileHintsLoadStage } from './profile-hints-load.js';
import { generateIdeaCardsStage } from './generate-idea-cards.js';
import { ideaCardGenerateStage } from './idea-card-generate.js';
import { ideaCardsAssembleStage } from './idea-cards-assemble.js';
import { ideaCardsGenerateStage } from './idea-cards-generate.js';
import { ideaCardsJudgeScoreStage } from './idea-cards-judge-score.js';
import { selectIdeaCardStage } from './select-idea-card.js';
import { imagePromptCreationStage } from './image-prompt-creation.js';
import { imagePromptDraftStage } from './image-prompt-draft.js';
import { imagePromptRefineStage } from './image-prompt-refine.js';
import { imagePromptOpenaiStage } from './image-prompt-openai.js';

export const blackboxStages: AppStageKind[] = [
  prepareStage,
  generatorProfileHintsStage,
  profileAbstractionStage,
  profileHintsLoadStage,
  generateIdeaCardsStage,
  ideaCardGenerateStage,
  ideaCardsAssembleStage,
  ideaCardsGenerateStage,
  ideaCardsJudgeScoreStage,
  selectIdeaCardStage,
  imagePromptCreationStage,
  imagePromptDraftStage,
  imagePromptRefineStage,
  imagePromptOpenaiStage,
];
export default blackboxStages;
