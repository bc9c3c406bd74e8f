import type { AtomicWriteOptions } from '../artifacts/index.js';

/**
 * Per-run files (final prompt, transcript, images) are written atomically (temp + rename, so a killed
 * run never leaves a partial file) but without fsync: an fsync costs ~9 ms per file on ext4, more than
 * a whole offline prompt_only run. Experiment-level files and shared records keep fsync/locks.
 */
export const PER_RUN_WRITE: AtomicWriteOptions = { durable: false };
