/** Context injectors (pipeline.md §6) and the system prompt. */
export * from './dates.js';
export * from './types.js';
export * from './season.js';
export * from './holiday.js';
export * from './injectors.js';
export * from './slot.js';
export * from './systemPrompt.js';
