/** Plans (pipeline.md §10) and compiling a run's pipeline (§7). */
export * from './types.js';
export * from './catalog.js';
export * from './resolve.js';
export * from './compileRun.js';
