import { describe, expect, it } from 'vitest';
import { barLine, etaText, formatClock, plainProgressLine, ProgressDisplay } from '../../src/experiments/progress.js';

function sink(isTTY = false) {
  let text = '';
  const stream = { write: (s: string) => { text += s; return true; }, isTTY, columns: 120, on: () => stream, removeListener: () => stream } as unknown as NodeJS.WritableStream;
  return { stream, text: () => text };
}

describe('progress display', () => {
  it('formats clocks and ETA', () => {
    expect(formatClock(31_400)).toBe('0:31');
    expect(formatClock(3_599_000)).toBe('59:59');
    expect(formatClock(3_600_000 + 62_000)).toBe('1:01:02');
    expect(etaText(10_000, 0, 10)).toBe('--:--');
    expect(etaText(31_000, 5, 10)).toBe('0:31');
  });

  it('renders the spec lines', () => {
    expect(barLine({ done: 5, failed: 1, running: 2 }, 10, 31_000)).toBe('[##########----------] 5/10 done  1 failed  2 running  elapsed 0:31  ETA 0:31');
    expect(plainProgressLine({ done: 5, failed: 1, running: 2 }, 10, 31_000)).toBe('progress: 5/10 done, 1 failed, 2 running, elapsed 0:31, ETA 0:31');
  });

  it('not a TTY: a line after a completion at most once per interval, always after the last', () => {
    const s = sink();
    const logged: string[] = [];
    const p = new ProgressDisplay({ total: 3, tty: false, stream: s.stream, logLine: (l) => logged.push(l), intervalMs: 60_000 });
    p.start();
    p.running(1);
    p.running(-1);
    p.completed(false);
    p.completed(true);
    p.completed(false);
    p.stop();
    const lines = s.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^progress: 1\/3 done, 0 failed, 0 running, elapsed 0:00, ETA 0:00$/);
    expect(lines[1]).toMatch(/^progress: 3\/3 done, 1 failed, 0 running/);
    expect(logged).toEqual(lines);
  });

  it('a run stopped early still ends with a line for the last state', () => {
    const s = sink();
    const p = new ProgressDisplay({ total: 5, tty: false, stream: s.stream, logLine: () => undefined, intervalMs: 60_000 });
    p.completed(false);
    p.completed(false);
    p.stop();
    expect(s.text().trim().split('\n').at(-1)).toMatch(/^progress: 2\/5 done/);
  });
});
