/**
 * Progress display during execution (experiments.md §4.14): a live cli-progress bar on a TTY,
 * plain `progress: …` lines (after a completion, at most once per 10 s, always after the last)
 * otherwise. The plain line also goes to experiment.log at the same cadence in both modes.
 */
import cliProgress from 'cli-progress';

export interface ProgressCounts {
  done: number;
  failed: number;
  running: number;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `m:ss`, or `h:mm:ss` from one hour. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

export function etaText(elapsedMs: number, done: number, total: number): string {
  if (done <= 0) return '--:--';
  return formatClock((elapsedMs / done) * (total - done));
}

export function plainProgressLine(c: ProgressCounts, total: number, elapsedMs: number): string {
  return `progress: ${c.done}/${total} done, ${c.failed} failed, ${c.running} running, elapsed ${formatClock(elapsedMs)}, ETA ${etaText(elapsedMs, c.done, total)}`;
}

export function barLine(c: ProgressCounts, total: number, elapsedMs: number, width = 20): string {
  const filled = total > 0 ? Math.min(width, Math.floor((c.done / total) * width)) : width;
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  return `[${bar}] ${c.done}/${total} done  ${c.failed} failed  ${c.running} running  elapsed ${formatClock(elapsedMs)}  ETA ${etaText(elapsedMs, c.done, total)}`;
}

export interface ProgressOptions {
  total: number;
  tty: boolean;
  stream: NodeJS.WritableStream;
  /** Receives the plain line for experiment.log. */
  logLine: (line: string) => void;
  intervalMs?: number;
}

export class ProgressDisplay {
  private readonly started = Date.now();
  private counts: ProgressCounts = { done: 0, failed: 0, running: 0 };
  private lastPlain = -Infinity;
  private lastPlainDone = -1;
  private multi: cliProgress.MultiBar | null = null;
  private bar: cliProgress.SingleBar | null = null;
  private readonly interval: number;

  constructor(private readonly opts: ProgressOptions) {
    this.interval = opts.intervalMs ?? 10_000;
  }

  get active(): boolean {
    return this.multi !== null;
  }

  start(): void {
    if (!this.opts.tty || this.opts.total === 0) return;
    const total = this.opts.total;
    this.multi = new cliProgress.MultiBar({
      stream: this.opts.stream as NodeJS.WriteStream,
      fps: 10,
      clearOnComplete: true,
      hideCursor: true,
      gracefulExit: false,
      linewrap: false,
      format: () => barLine(this.counts, total, Date.now() - this.started),
    });
    this.bar = this.multi.create(total, 0);
  }

  /** Print a console line above the live bar (or straight to the stream when no bar is shown). */
  printAbove(line: string): void {
    if (this.multi) this.multi.log(`${line}\n`);
    else this.opts.stream.write(`${line}\n`);
  }

  running(delta: number): void {
    this.counts = { ...this.counts, running: this.counts.running + delta };
    this.bar?.update(this.counts.done);
  }

  /** A run finished (success, error or skipped). */
  completed(failed: boolean): void {
    this.counts = {
      done: this.counts.done + 1,
      failed: this.counts.failed + (failed ? 1 : 0),
      running: this.counts.running,
    };
    this.bar?.update(this.counts.done);
    const now = Date.now();
    const last = this.counts.done >= this.opts.total;
    if (last || now - this.lastPlain >= this.interval) this.emitPlain(now);
  }

  private emitPlain(now: number): void {
    this.lastPlain = now;
    this.lastPlainDone = this.counts.done;
    const line = plainProgressLine(this.counts, this.opts.total, now - this.started);
    if (!this.opts.tty) this.opts.stream.write(`${line}\n`);
    this.opts.logLine(line);
  }

  /** Clear the bar; emit a last plain line if the latest state was not shown (stopped early). */
  stop(): void {
    if (this.counts.done > 0 && this.lastPlainDone !== this.counts.done) this.emitPlain(Date.now());
    if (this.multi) {
      this.multi.stop();
      this.multi = null;
      this.bar = null;
    }
  }
}
