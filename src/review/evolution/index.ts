export { analyzeEvolution } from './analyze.js';
export { DEFAULT_THRESHOLDS, parseThresholdOverrides, effectiveThresholds, type EvolutionThresholds } from './thresholds.js';
