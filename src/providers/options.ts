import type { ReliabilityOptions } from './reliability.js';

/** Options every provider factory accepts (all optional; production passes none). */
export interface ProviderOptions extends ReliabilityOptions {
  /** Environment to read API keys from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}
