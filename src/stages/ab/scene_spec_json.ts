/**
 * `ab.scene_spec_json` (pipeline.md §8.3): the SceneSpec as JSON (format J).
 */
import * as z from 'zod';
import { outputText, requireOutput } from '../../inputs/promptBlocks.js';
import { chatStage, jsonSchemaFormat, type JsonSchemaResponseFormat } from '../../pipeline/index.js';
import type { AppStageKind } from '../../plans/types.js';

export const SCENE_SPEC_TEXT_FIELDS = ['subject', 'setting', 'action', 'composition', 'camera', 'lighting', 'color', 'style'] as const;

export function sceneSpecFormat(token: string): JsonSchemaResponseFormat {
  const text = z.string().trim().min(1);
  const list = z.array(z.string().trim().min(1)).min(3);
  return jsonSchemaFormat({
    name: 'ab_scene_spec',
    schema: z.strictObject({
      subject: text,
      setting: text,
      action: text,
      composition: text,
      camera: text,
      lighting: text,
      color: text,
      style: text,
      text_in_scene: z.literal(token),
      must_keep: list,
      avoid: list,
    }),
  });
}

export const sceneSpecJson: AppStageKind = {
  id: 'ab.scene_spec_json',
  doc: 'Describe the scene as a structured SceneSpec JSON object that keeps the token.',
  source: 'stages.ab.scene_spec_json',
  tags: ['ab'],
  io: { requires: ['ab_random_token', 'ab_scene_draft'], provides: ['ab_scene_spec_json'], captures: ['ab_scene_spec_json'] },
  build({ instanceId }) {
    return chatStage({
      instanceId,
      temperature: 0.55,
      captureKey: 'ab_scene_spec_json',
      responseFormat: (ctx) => sceneSpecFormat(requireOutput(ctx, 'ab_random_token')),
      prompt: (ctx) => {
        const token = requireOutput(ctx, 'ab_random_token');
        const scene = outputText(ctx, 'ab_scene_refined') || requireOutput(ctx, 'ab_scene_draft');
        return [
          'Turn the scene below into a SceneSpec JSON object with exactly these keys:',
          `- ${SCENE_SPEC_TEXT_FIELDS.join(', ')}: non-empty strings;`,
          `- text_in_scene: exactly "${token}";`,
          '- must_keep: at least three short strings naming what the image must keep;',
          '- avoid: at least three short strings naming what the image must avoid.',
          '',
          'Scene:',
          scene,
          '',
          'Return only the JSON object.',
        ].join('\n');
      },
    });
  },
};
