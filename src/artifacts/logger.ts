import { openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { logTimestamp } from './ids.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
const ORDER: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

export interface LogSink {
  minLevel: LogLevel;
  write(line: string): void;
}

/** A sink appending whole lines to a file (opened in append mode, written synchronously). */
export function fileSink(file: string, minLevel: LogLevel = 'DEBUG'): LogSink & { close(): void } {
  mkdirSync(path.dirname(file), { recursive: true });
  let fd: number | null = openSync(file, 'a');
  return {
    minLevel,
    write(line) {
      if (fd !== null) writeSync(fd, `${line}\n`);
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

export function stderrSink(minLevel: LogLevel = 'INFO'): LogSink {
  return { minLevel, write: (line) => process.stderr.write(`${line}\n`) };
}

/** Collects lines in memory (tests, mirroring). */
export function memorySink(minLevel: LogLevel = 'DEBUG'): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return { minLevel, lines, write: (line) => lines.push(line) };
}

/**
 * Logger writing `YYYY-MM-DD HH:MM:SS,mmm | LEVEL | message` to each sink at or above its level.
 * Multi-line messages are written as one line per message line so every line stays parseable.
 */
export class Logger {
  private readonly sinks: LogSink[];
  constructor(sinks: LogSink[] = []) {
    this.sinks = sinks;
  }
  addSink(sink: LogSink): void {
    this.sinks.push(sink);
  }
  removeSink(sink: LogSink): void {
    const i = this.sinks.indexOf(sink);
    if (i >= 0) this.sinks.splice(i, 1);
  }
  log(level: LogLevel, message: string): void {
    const stamp = logTimestamp();
    const rank = ORDER[level];
    for (const sink of this.sinks) {
      if (rank < ORDER[sink.minLevel]) continue;
      for (const part of message.split('\n')) sink.write(`${stamp} | ${level} | ${part}`);
    }
  }
  debug(message: string): void { this.log('DEBUG', message); }
  info(message: string): void { this.log('INFO', message); }
  warning(message: string): void { this.log('WARNING', message); }
  warn(message: string): void { this.log('WARNING', message); }
  error(message: string): void { this.log('ERROR', message); }
}

/** A logger that drops everything. */
export const nullLogger = new Logger([]);
