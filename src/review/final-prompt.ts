/** Final prompt resolution (review.md §3.1 step 3) and the likely final step. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { readTextLenient } from './read-inputs.js';
import type { ReportStep, RunReport } from './report-types.js';

export type FinalPromptSource = RunReport['metadata']['final_prompt_source'];

export function likelyFinalStep(steps: ReportStep[], captureStage: string | null): ReportStep | null {
  const withResp = steps.filter((s) => typeof s.response === 'string' && s.response.trim() !== '');
  if (captureStage) {
    const prefix = `pipeline/${captureStage}/`;
    const under = withResp.filter((s) => s.path.startsWith(prefix));
    if (under.length > 0) return under.reduce((a, b) => (b.step_index > a.step_index ? b : a));
  }
  const score = (p: string): number => {
    let sc = 0;
    if (p.includes('image_prompt_creation') || p.includes('dalle_prompt_creation')) sc += 2;
    if (p.endsWith('/final_consensus')) sc += 4;
    else if (/\/consensus(?:_\d+)?$/.test(p)) sc += 3;
    else if (p.includes('consensus')) sc += 1;
    return sc;
  };
  let best: ReportStep | null = null;
  for (const s of withResp) {
    if (!best) {
      best = s;
      continue;
    }
    const a = score(s.path) - score(best.path);
    const ta = s.timing.start_ts ?? '';
    const tb = best.timing.start_ts ?? '';
    const better = a > 0 || (a === 0 && (ta > tb || (ta === tb && s.path > best.path)));
    if (better) best = s;
  }
  return best;
}

export function likelyFinalStepOf(report: RunReport): ReportStep | null {
  const pp = report.metadata.prompt_pipeline;
  return likelyFinalStep(report.steps, pp && typeof pp.capture_stage === 'string' ? pp.capture_stage : null);
}

/** Transcript `final_image_prompt` → `<id>_final_prompt.txt` beside the transcript → the likely final step's response. */
export function resolveFinalPrompt(o: {
  recorded: unknown;
  transcriptPath: string | null;
  ids: string[];
  steps: ReportStep[];
  promptPipeline: Record<string, unknown> | null;
}): { text: string | null; source: FinalPromptSource; file?: string } {
  if (typeof o.recorded === 'string' && o.recorded.trim() !== '') return { text: o.recorded, source: 'transcript' };
  if (o.transcriptPath) {
    for (const id of o.ids) {
      const f = path.join(path.dirname(o.transcriptPath), `${id}_final_prompt.txt`);
      if (existsSync(f) && statSync(f).isFile()) {
        const text = readTextLenient(f);
        return { text: text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text, source: 'final_prompt_file', file: f };
      }
    }
  }
  const capture = o.promptPipeline && typeof o.promptPipeline.capture_stage === 'string' ? o.promptPipeline.capture_stage : null;
  const lf = likelyFinalStep(o.steps, capture);
  return lf ? { text: lf.response, source: 'likely_final_step' } : { text: null, source: null };
}
