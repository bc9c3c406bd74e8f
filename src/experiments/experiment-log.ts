/**
 * `experiment.log` (experiments.md §4.13): file DEBUG+, console (stderr) INFO+. While the TTY progress
 * bar is shown, console lines are printed above it and `Running …` / `Finished …` go to the file only.
 * stdout lines (dry-run listing, summary) are mirrored into the file at INFO.
 */
import { Logger, fileSink, type LogLevel, type LogSink } from '../artifacts/index.js';
import type { ProgressDisplay } from './progress.js';

export interface ConsoleIO {
  stdout: (line: string) => void;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
}

export class ExperimentLog {
  private readonly file: Logger;
  private readonly console: Logger;
  private readonly sink: (LogSink & { close(): void }) | null;
  progress: ProgressDisplay | null = null;

  constructor(logPath: string | null, private readonly io: ConsoleIO) {
    this.sink = logPath ? fileSink(logPath, 'DEBUG') : null;
    this.file = new Logger(this.sink ? [this.sink] : []);
    const consoleSink: LogSink = {
      minLevel: 'INFO',
      write: (line) => {
        if (this.progress?.active) this.progress.printAbove(line);
        else this.io.stderr.write(`${line}\n`);
      },
    };
    this.console = new Logger([consoleSink]);
  }

  log(level: LogLevel, message: string, opts: { fileOnly?: boolean; fileOnlyDuringBar?: boolean } = {}): void {
    this.file.log(level, message);
    if (opts.fileOnly) return;
    if (opts.fileOnlyDuringBar && this.progress?.active) return;
    this.console.log(level, message);
  }

  debug(message: string): void { this.log('DEBUG', message); }
  info(message: string): void { this.log('INFO', message); }
  warning(message: string): void { this.log('WARNING', message); }
  error(message: string): void { this.log('ERROR', message); }

  /** A stdout line, also written to the file (INFO). */
  stdout(line: string): void {
    this.io.stdout(line);
    this.file.log('INFO', line);
  }

  close(): void {
    this.sink?.close();
  }
}
