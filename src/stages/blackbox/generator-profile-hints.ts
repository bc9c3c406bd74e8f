/** `blackbox.generator_profile_hints`: hints from the raw profile, a file, or an abstraction call (§8.3). */
import { PipelineError } from '../../errors.js';
import type { AppStageKind } from '../../plans/types.js';
import { actionStep, block, chatStep } from '../../pipeline/nodes.js';
import type { RunContext } from '../../pipeline/context.js';
import { CompileError } from '../../errors.js';
import { modelParams, readTemperature } from './knob-helpers.js';
import { loadHintsFile, resolveHintsPath } from './hints-file.js';
import { preferencesGuidance } from './prompt-parts.js';
import { profileAbstractionPrompt } from './profile-abstraction-prompt.js';

const KEY = 'generator_profile_hints';

function logHints(ctx: RunContext, mode: string, text: string): void {
  ctx.logger.log('INFO', `Generator profile hints: mode=${mode} chars=${[...text].length}`);
}

export const generatorProfileHintsStage: AppStageKind = {
  id: 'blackbox.generator_profile_hints',
  doc: 'Generator-safe profile hints: the raw profile, a hints file, or an LLM abstraction of the profile.',
  io: { provides: [KEY], captures: [KEY] },
  build({ instanceId, knobs, inputs }) {
    const mode = knobs.enum('mode', ['raw', 'file', 'abstract'] as const, 'raw');
    const hintsPath = knobs.strOrNull('hints_path', { default: null });
    const model = knobs.strOrNull('model', { default: null });
    const temperature = readTemperature(knobs, 'temperature', 0.0);
    if (mode === 'file' && !hintsPath) {
      throw new CompileError('blackbox.generator_profile_hints.mode=file requires hints_path');
    }
    if (mode === 'abstract') {
      return block({
        name: instanceId,
        merge: 'none',
        nodes: [
          chatStep({
            name: 'abstract',
            prompt: profileAbstractionPrompt,
            temperature,
            merge: 'none',
            captureKey: KEY,
            params: modelParams(model),
          }),
          actionStep({
            name: 'report',
            fn: (ctx) => {
              const text = typeof ctx.outputs[KEY] === 'string' ? (ctx.outputs[KEY] as string) : '';
              logHints(ctx, mode, text);
              return { mode, chars: [...text].length };
            },
          }),
        ],
      });
    }
    const file = mode === 'file' ? resolveHintsPath(hintsPath!, inputs.workspaceRoot) : null;
    return block({
      name: instanceId,
      merge: 'none',
      nodes: [
        actionStep({
          name: 'action',
          captureKey: KEY,
          fn: (ctx) => {
            let text: string;
            if (file) text = loadHintsFile(file);
            else {
              text = preferencesGuidance(ctx).trim();
              if (!text) throw new PipelineError('blackbox.generator_profile_hints requires preferences_guidance (mode=raw)');
            }
            logHints(ctx, mode, text);
            return text;
          },
        }),
      ],
    });
  },
};
