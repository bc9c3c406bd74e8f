/**
 * The generic pipeline kernel (pipeline.md §2–§4, §7). Imports nothing of the app except the
 * shared error classes (src/errors.ts). Stage authors: see ./README.md.
 */
export * from './types.js';
export * from './nodes.js';
export * from './context.js';
export * from './formats.js';
export * from './records.js';
export * from './errors.js';
export * from './execute.js';
export * from './jsonSafe.js';
export * from './random.js';
export * from './knobs.js';
export * from './stageKind.js';
export * from './selectors.js';
export * from './similarity.js';
export * from './configMerge.js';
export * from './compile.js';
