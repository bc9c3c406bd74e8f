/**
 * Context injector contract (pipeline.md §6).
 */
import type { AppConfig } from '../config/index.js';
import type { RandomStream } from '../pipeline/index.js';
import type { CalendarDate } from './dates.js';

export interface InjectorInput {
  cfg: AppConfig;
  date: CalendarDate;
  /** Stream `context:<name>` of the run seed. */
  stream: RandomStream;
  preferencesGuidance: string;
  log: (level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR', message: string) => void;
}

export interface InjectorOutput {
  /** Guidance lines (a leading `- ` is stripped by the runner). */
  lines: string[];
  metadata: Record<string, unknown>;
}

export interface ContextInjector {
  name: string;
  run(input: InjectorInput): InjectorOutput;
}
