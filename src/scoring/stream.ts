/** Named random streams (pipeline.md §4): the kernel's single implementation, re-exported for scoring. */
export { subseed, makeStream, stream as namedStream } from '../pipeline/random.js';
export type { RandomStream } from '../pipeline/random.js';
