/**
 * The chat stage shared by `ab.scene_refine_no_block` and `ab.scene_refine_with_block`: both refine
 * `ab_scene_draft` into `ab_scene_refined`, keeping `ab_random_token`; only the instructions differ.
 */
import { requireOutput } from '../../inputs/promptBlocks.js';
import { chatStage } from '../../pipeline/index.js';
import type { Block } from '../../pipeline/index.js';

export interface SceneRefineSpec {
  /** Prompt lines before the scene, given the token. */
  instructions: (token: string) => string[];
  /** Last prompt line, after the scene. */
  closing: string;
}

/** `chatStage` capturing `ab_scene_refined`: instructions, `Scene:` + the draft, closing line. */
export function sceneRefineStage(instanceId: string, spec: SceneRefineSpec): Block {
  return chatStage({
    instanceId,
    temperature: 0.75,
    captureKey: 'ab_scene_refined',
    prompt: (ctx) =>
      [
        ...spec.instructions(requireOutput(ctx, 'ab_random_token')),
        '',
        'Scene:',
        requireOutput(ctx, 'ab_scene_draft'),
        '',
        spec.closing,
      ].join('\n'),
  });
}
