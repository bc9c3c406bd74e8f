/**
 * The A/B run token (pipeline.md §8.3, experiments.md §6.1): `RV-<seed>-<roll>`, roll = the first
 * `int(100000, 999999)` of stream `ab_token:<instance>`. The experiment planner uses the same function.
 */
import { stream } from '../../pipeline/index.js';

export function abRandomToken(seed: number | string, instance = 'ab.random_token'): string {
  return `RV-${seed}-${stream(seed, `ab_token:${instance}`).int(100000, 999999)}`;
}
