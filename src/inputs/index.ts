/** Data inputs (pipeline.md §5): categories, random concepts, profiles, guidance, audience. */
export * from './categories.js';
export * from './profile.js';
export * from './guidance.js';
export * from './audience.js';
export * from './readInputFile.js';
export * from './promptBlocks.js';
