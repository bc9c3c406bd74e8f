/**
 * The judge response format (pipeline.md §11.2). Candidate ids are fixed at build time for the
 * refine loop; for the idea-card judge they come from `idea_cards_json` when its prompt renders
 * (just before the call), so the declared schema always lists the ids being judged.
 */
import { jsonSchemaFormat, type JsonSchemaResponseFormat } from '../../pipeline/formats.js';
import { judgeJsonSchema, parseJudgeOutput } from '../../scoring/judge-output.js';

export function judgeFormat(name: string, ids: readonly string[]): JsonSchemaResponseFormat {
  return jsonSchemaFormat({
    name,
    schema: judgeJsonSchema(ids),
    validate: (value) => void parseJudgeOutput(JSON.stringify(value), ids),
  });
}

/** A judge format whose ids are set at run time by `setIds` (called from the step's prompt function). */
export function dynamicJudgeFormat(name: string): { format: JsonSchemaResponseFormat; setIds(ids: readonly string[]): void } {
  let ids: readonly string[] = [];
  let schema = judgeJsonSchema(ids);
  const format = {
    type: 'json_schema' as const,
    name,
    get schema() {
      return schema;
    },
    validate: (value: unknown) => void parseJudgeOutput(JSON.stringify(value), ids),
  };
  return {
    format,
    setIds(next) {
      if (next.join('\u0000') === ids.join('\u0000')) return;
      ids = [...next];
      schema = judgeJsonSchema(ids);
    },
  };
}
