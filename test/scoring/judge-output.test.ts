import { describe, expect, it } from 'vitest';
import { parseJudgeOutput, judgeJsonSchema } from '../../src/scoring/judge-output.js';
import { checkResponseFormat, jsonSchemaFormat } from '../../src/pipeline/formats.js';
import { createRunContext } from '../../src/pipeline/context.js';

const reply = (scores: unknown) => JSON.stringify({ scores });

describe('parseJudgeOutput', () => {
  it('returns scores in candidate order; strips one code fence', () => {
    const text = '```json\n' + reply([{ id: 'B', score: 40 }, { id: 'A', score: 100 }]) + '\n```';
    expect(parseJudgeOutput(text, ['A', 'B'])).toEqual({ A: 100, B: 40 });
  });

  it.each([
    ['nope', /^invalid_judge_output: JSON parse error: .*; preview='nope'$/],
    ['{"x": []}', /^invalid_judge_output: expected object with key 'scores'; preview='\{"x": \[\]\}'$/],
    ['{"scores": 3}', /^invalid_judge_output: scores must be a list; preview=/],
    [reply([7]), /^invalid_judge_output: scores\[0\] must be an object$/],
    [reply([{ id: '', score: 1 }]), /^invalid_judge_output: scores\[0\]\.id must be a non-empty string$/],
    [reply([{ id: 'A', score: 1 }, { id: 'A', score: 2 }]), /^invalid_judge_output: duplicate id in scores: A$/],
    [reply([{ id: 'A', score: true }]), /^invalid_judge_output: scores\[0\]\.score must be an int$/],
    [reply([{ id: 'A', score: 50.5 }]), /^invalid_judge_output: scores\[0\]\.score must be an int$/],
    [reply([{ id: 'A', score: 101 }]), /^invalid_judge_output: scores\[0\]\.score must be in \[0, 100\]$/],
    [reply([{ id: 'A', score: -1 }]), /^invalid_judge_output: scores\[0\]\.score must be in \[0, 100\]$/],
    [reply([{ id: 'A', score: 5 }, { id: 'C', score: 5 }]), /score ids must match idea ids \(missing=\['B'\] extra=\['C'\]\)$/],
  ])('rejects %s', (text, message) => {
    expect(() => parseJudgeOutput(text, ['A', 'B'])).toThrow(message);
  });

  it('preview is cut to 200 characters', () => {
    const long = 'x'.repeat(500);
    try {
      parseJudgeOutput(long, ['A']);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message.endsWith(`preview='${'x'.repeat(200)}'`)).toBe(true);
    }
  });

  it('the declared schema passes the kernel format check only for conforming replies', () => {
    const format = jsonSchemaFormat({
      name: 'judge_scores',
      schema: judgeJsonSchema(['A', 'B']),
      validate: (v) => void parseJudgeOutput(JSON.stringify(v), ['A', 'B']),
    });
    const ctx = createRunContext({ seed: 1 });
    expect(checkResponseFormat(format, reply([{ id: 'A', score: 1 }, { id: 'B', score: 2 }]), ctx)).toBeNull();
    expect(checkResponseFormat(format, reply([{ id: 'A', score: 1 }, { id: 'B', score: 200 }]), ctx)).toMatch(/schema/);
    expect(checkResponseFormat(format, reply([{ id: 'A', score: 1 }]), ctx)).not.toBeNull();
    expect(checkResponseFormat(format, 'no json', ctx)).toMatch(/JSON parse error/);
  });
});
