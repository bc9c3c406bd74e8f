import { describe, expect, it } from 'vitest';
import { describeOptionLine, parseExperimentArgs, parseRunnerTokens } from '../../src/experiments/options.js';
import { normalizePlugin } from '../../src/experiments/plugin-validation.js';
import { builtinPlugins } from '../../src/experiments/registry.js';
import type { ExperimentOption } from '../../src/experiments/types.js';

const abOptions = builtinPlugins().find((p) => p.key === 'ab_refinement_block')!.plugin.options;
const matrixOptions = builtinPlugins().find((p) => p.key === '3x3')!.plugin.options;

describe('stage 1: runner options', () => {
  it('consumes runner options anywhere and keeps the rest in order', () => {
    const { flags, kept } = parseRunnerTokens(['--runs', '3', '--dry-run', '--seed=9', '--concurrency=8', '--mode', 'full', '--output-root', 'out', '--no-fail-on-config-error']);
    expect(kept).toEqual(['--runs', '3', '--seed=9']);
    expect(flags).toMatchObject({ dryRun: true, concurrency: 8, mode: 'full', outputRoot: 'out', failOnConfigError: false, resume: false });
  });
  it('has the spec defaults; --retry-errors implies --resume', () => {
    const { flags } = parseRunnerTokens(['--retry-errors']);
    expect(flags).toMatchObject({ concurrency: 4, failOnConfigError: true, resume: true, retryErrors: true, mode: null, continueOnError: false });
  });
  it('rejects a bad --concurrency and a missing value', () => {
    for (const bad of ['0', '-2', 'x', '1.5']) expect(() => parseRunnerTokens(['--concurrency', bad])).toThrow('--concurrency must be an integer >= 1');
    expect(() => parseRunnerTokens(['--output-root'])).toThrow("option '--output-root' needs a value");
  });
});

describe('stage 2: experiment options', () => {
  it('parses ints, choices, defaults and --opt=value', () => {
    expect(parseExperimentArgs('ab_refinement_block', abOptions, [])).toEqual({ runs: 5, seed: null, data: 'config' });
    expect(parseExperimentArgs('ab_refinement_block', abOptions, ['--runs=2', '--seed', '-4', '--data', 'sample'])).toEqual({ runs: 2, seed: -4, data: 'sample' });
  });
  it('collects repeatable options; null when never given', () => {
    expect(parseExperimentArgs('3x3', matrixOptions, ['--concept', 'a', '--runs-per-set', '1', '--concept', 'b c'])).toEqual({ sets: 'A,B,C', runs_per_set: 1, seed: null, concept: ['a', 'b c'] });
    expect(parseExperimentArgs('3x3', matrixOptions, [])['concept']).toBeNull();
  });
  it('reports the spec errors', () => {
    const p = (t: string[]) => () => parseExperimentArgs('ab_refinement_block', abOptions, t);
    expect(p(['--run', '3'])).toThrow("unknown option '--run' (see: image-project experiments describe ab_refinement_block)");
    expect(p(['extra'])).toThrow("unexpected argument 'extra'");
    expect(p(['--runs'])).toThrow("option '--runs' needs a value");
    expect(p(['--runs', 'three'])).toThrow("option '--runs' expects an integer, got 'three'");
    expect(p(['--data', 'web'])).toThrow("option '--data' must be one of: sample, config (got 'web')");
  });
  it('supports flag options and the describe line format', () => {
    const opts: ExperimentOption[] = [{ flag: '--fast', type: 'flag', help: 'Go fast.' }, { flag: '--runs', type: 'int', default: 5, help: 'Run pairs to execute (A and B are run for each index).' }];
    const plugin = normalizePlugin({ name: 'x', summary: 's', defaultRunMode: 'full', options: opts, buildPlan: () => ({ runs: [], experimentMeta: {} }) });
    expect(parseExperimentArgs('x', plugin.options, ['--fast'])).toEqual({ fast: true, runs: 5 });
    expect(parseExperimentArgs('x', plugin.options, [])).toEqual({ fast: false, runs: 5 });
    expect(describeOptionLine(plugin.options[1]!)).toBe('  --runs N   Run pairs to execute (A and B are run for each index). (default: 5)');
  });
});

describe('plugin validation', () => {
  const base = { name: 'x', summary: 's', defaultRunMode: 'full', options: [], buildPlan: () => ({ runs: [], experimentMeta: {} }) };
  it('accepts snake_case aliases and rejects a member defined twice', () => {
    const { buildPlan, ...rest } = base;
    expect(normalizePlugin({ ...rest, build_plan: buildPlan }).name).toBe('x');
    expect(() => normalizePlugin({ ...base, build_plan: buildPlan })).toThrow('buildPlan defined twice');
  });
  it('rejects a runner-option collision and a bad name', () => {
    expect(() => normalizePlugin({ ...base, options: [{ flag: '--resume', type: 'flag', help: 'h' }] })).toThrow("Experiment 'x' option --resume collides with a runner option");
    expect(() => normalizePlugin({ ...base, name: 'Bad Name!' })).toThrow(/must match/);
  });
});
