/**
 * The per-run operational log (generation.md §10): `<log_path>/<gid>_oplog.log` in append mode at DEBUG,
 * mirrored to stderr at INFO when the run is `generate`'s. A message's line breaks are written as `\n`
 * so every line parses; only `--debug` stack traces span lines.
 */
import { Logger, fileSink, stderrSink, type LogLevel, type LogSink } from '../artifacts/index.js';

export type LogFn = (level: LogLevel, message: string) => void;

export class Oplog {
  readonly path: string;
  private readonly logger: Logger;
  private readonly sinks: LogSink[];
  private readonly file: LogSink & { close(): void };
  readonly log: LogFn;

  constructor(file: string, options: { mirrorToConsole: boolean; extraSinks?: LogSink[] }) {
    this.path = file;
    this.file = fileSink(file, 'DEBUG');
    this.sinks = [this.file, ...(options.mirrorToConsole ? [stderrSink('INFO')] : []), ...(options.extraSinks ?? [])];
    this.logger = new Logger(this.sinks);
    this.log = (level, message) => this.logger.log(level, message.replace(/\r\n|\r|\n/g, '\\n'));
  }

  debug(message: string): void { this.log('DEBUG', message); }
  info(message: string): void { this.log('INFO', message); }
  warning(message: string): void { this.log('WARNING', message); }
  error(message: string): void { this.log('ERROR', message); }

  /** Raw multi-line text (a `--debug` stack trace) written to every sink as is. */
  rawLines(text: string): void {
    for (const line of text.split(/\r?\n/)) for (const sink of this.sinks) sink.write(line);
  }

  close(): void {
    this.file.close();
  }
}
