export * from './atomic.js';
export * from './lock.js';
export * from './jsonl.js';
export * from './csv.js';
export * from './ids.js';
export * from './logger.js';
