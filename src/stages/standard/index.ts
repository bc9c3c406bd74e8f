import type { AppStageKind } from '../../plans/types.js';
import { initialPrompt } from './initial_prompt.js';
import { initialPromptFreeform } from './initial_prompt_freeform.js';
import { section2Choice } from './section_2_choice.js';
import { section2bTitleAndStory } from './section_2b_title_and_story.js';
import { section3MessageFocus } from './section_3_message_focus.js';
import { section4ConciseDescription } from './section_4_concise_description.js';
import { standardImagePromptCreation } from './image_prompt_creation.js';

export const standardStages: AppStageKind[] = [
  initialPrompt,
  initialPromptFreeform,
  section2Choice,
  section2bTitleAndStory,
  section3MessageFocus,
  section4ConciseDescription,
  standardImagePromptCreation,
];
