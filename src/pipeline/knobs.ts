/**
 * Typed stage-knob getters with strict consumption (pipeline.md §7.4). A KnobReader wraps one
 * namespace (`prompt.stage_configs.resolved.<id>`); nested mappings are child namespaces. Every key
 * read (defaults included) is recorded for `stage_configs_effective`; after the build,
 * `assertConsumed` fails on keys nobody read. A `null` value reads as absent (config.md §3).
 */
import { CompileError } from '../errors.js';
import { toJsonSafe } from './jsonSafe.js';
import type { JsonValue } from './types.js';

/** Config type names used in messages: mapping, list, string, integer, float, boolean, null. */
export function configTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Bounds {
  min?: number;
  max?: number;
}

export class KnobReader {
  readonly path: string;
  private readonly values: Record<string, unknown>;
  private readonly consumed = new Set<string>();
  private readonly children = new Map<string, KnobReader | KnobReader[]>();
  private readonly recorded: Record<string, JsonValue> = {};

  constructor(path: string, values?: Record<string, unknown> | null) {
    if (values !== undefined && values !== null && !isMapping(values)) {
      throw new CompileError(`${path} must be a mapping (type=${configTypeName(values)})`);
    }
    this.path = path;
    this.values = { ...(values ?? {}) };
  }

  keyPath(key: string): string {
    return `${this.path}.${key}`;
  }

  /** True when the key is present with a non-null value (does not consume it). */
  has(key: string): boolean {
    return this.values[key] !== undefined && this.values[key] !== null;
  }

  /** The raw value (consumes the key, records it); `undefined` when absent or null. */
  raw(key: string): unknown {
    this.consumed.add(key);
    const v = this.values[key];
    return v === null ? undefined : v;
  }

  private fail(message: string): never {
    throw new CompileError(message);
  }

  private record<T>(key: string, value: T): T {
    this.recorded[key] = toJsonSafe(value);
    return value;
  }

  private missing(key: string): never {
    return this.fail(`Missing required config key: ${this.keyPath(key)}`);
  }

  private wrongType(key: string, expected: string, value: unknown): never {
    return this.fail(`${this.keyPath(key)} must be ${expected} (type=${configTypeName(value)})`);
  }

  private checkBounds(key: string, value: number, bounds: Bounds): void {
    if (bounds.min !== undefined && value < bounds.min) this.fail(`${this.keyPath(key)} must be >= ${bounds.min} (got ${value})`);
    if (bounds.max !== undefined && value > bounds.max) this.fail(`${this.keyPath(key)} must be <= ${bounds.max} (got ${value})`);
  }

  bool(key: string, dflt?: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return dflt === undefined ? this.missing(key) : this.record(key, dflt);
    if (typeof v !== 'boolean') this.wrongType(key, 'a boolean', v);
    return this.record(key, v);
  }

  int(key: string, opts: { default?: number } & Bounds = {}): number {
    const v = this.raw(key);
    if (v === undefined) return opts.default === undefined ? this.missing(key) : this.record(key, opts.default);
    if (typeof v !== 'number' || !Number.isInteger(v)) this.wrongType(key, 'an int', v);
    this.checkBounds(key, v, opts);
    return this.record(key, v);
  }

  /**
   * An int or null. With `nullMeaningful`, an explicit null is kept (e.g. "no limit") instead of
   * falling back to the default.
   */
  intOrNull(key: string, opts: { default: number | null; nullMeaningful?: boolean } & Bounds): number | null {
    this.consumed.add(key);
    const present = Object.prototype.hasOwnProperty.call(this.values, key);
    const v = this.values[key];
    if (v === null && present && opts.nullMeaningful) return this.record(key, null);
    if (v === undefined || v === null) return this.record(key, opts.default);
    if (typeof v !== 'number' || !Number.isInteger(v)) this.wrongType(key, 'an int or null', v);
    this.checkBounds(key, v, opts);
    return this.record(key, v);
  }

  float(key: string, opts: { default?: number } & Bounds = {}): number {
    const v = this.raw(key);
    if (v === undefined) return opts.default === undefined ? this.missing(key) : this.record(key, opts.default);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.wrongType(key, 'a float', v);
    this.checkBounds(key, v, opts);
    return this.record(key, v);
  }

  /** A float or null (null/absent → the default, which may be null). */
  floatOrNull(key: string, opts: { default: number | null } & Bounds): number | null {
    const v = this.raw(key);
    if (v === undefined) return this.record(key, opts.default);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.wrongType(key, 'a float', v);
    this.checkBounds(key, v, opts);
    return this.record(key, v);
  }

  /** A string, trimmed; empty → `<p> cannot be empty`. */
  str(key: string, opts: { default?: string } = {}): string {
    const v = this.raw(key);
    if (v === undefined) return opts.default === undefined ? this.missing(key) : this.record(key, opts.default);
    if (typeof v !== 'string') this.wrongType(key, 'a string', v);
    const t = v.trim();
    if (!t) this.fail(`${this.keyPath(key)} cannot be empty`);
    return this.record(key, t);
  }

  /** A string or null (absent/null → default). */
  strOrNull(key: string, opts: { default?: string | null } = {}): string | null {
    const v = this.raw(key);
    if (v === undefined) return this.record(key, opts.default ?? null);
    if (typeof v !== 'string') this.wrongType(key, 'a string', v);
    const t = v.trim();
    if (!t) this.fail(`${this.keyPath(key)} cannot be empty`);
    return this.record(key, t);
  }

  enum<T extends string>(key: string, choices: readonly T[], dflt?: T): T {
    const v = this.raw(key);
    if (v === undefined) return dflt === undefined ? this.missing(key) : this.record(key, dflt);
    if (typeof v !== 'string') this.wrongType(key, 'a string', v);
    const t = v.trim();
    if (!(choices as readonly string[]).includes(t)) {
      this.fail(`${this.keyPath(key)} must be one of: ${[...choices].sort().join(', ')} (got '${t}')`);
    }
    return this.record(key, t as T);
  }

  /** A list of non-empty strings (trimmed). `nonEmpty` → an empty list is `<p> cannot be empty`. */
  strList(key: string, opts: { default?: string[]; nonEmpty?: boolean } = {}): string[] {
    const v = this.raw(key);
    if (v === undefined) {
      if (opts.default === undefined) return this.missing(key);
      if (opts.nonEmpty && opts.default.length === 0) this.fail(`${this.keyPath(key)} cannot be empty`);
      return this.record(key, [...opts.default]);
    }
    if (!Array.isArray(v)) this.wrongType(key, 'a list[str]', v);
    const out = v.map((item, i) => {
      if (typeof item !== 'string') this.fail(`${this.keyPath(key)}[${i}] must be a string (type=${configTypeName(item)})`);
      const t = item.trim();
      if (!t) this.fail(`${this.keyPath(key)}[${i}] cannot be empty`);
      return t;
    });
    if (opts.nonEmpty && out.length === 0) this.fail(`${this.keyPath(key)} cannot be empty`);
    return this.record(key, out);
  }

  /** A nested mapping as a child namespace (absent/null → empty). */
  mapping(key: string): KnobReader {
    const existing = this.children.get(key);
    if (existing instanceof KnobReader) return existing;
    const v = this.raw(key);
    if (v !== undefined && !isMapping(v)) this.wrongType(key, 'a mapping', v);
    const child = new KnobReader(this.keyPath(key), (v as Record<string, unknown> | undefined) ?? {});
    this.children.set(key, child);
    return child;
  }

  /**
   * A list of mappings, each a child namespace `<p>[<i>]` (absent/null → the default, or missing).
   */
  mappingList(key: string, opts: { default?: Record<string, unknown>[] } = {}): KnobReader[] {
    let v = this.raw(key);
    if (v === undefined) {
      if (opts.default === undefined) return this.missing(key);
      v = opts.default;
    }
    if (!Array.isArray(v)) this.wrongType(key, 'a list', v);
    const readers = v.map((item, i) => {
      if (!isMapping(item)) this.fail(`${this.keyPath(key)}[${i}] must be a mapping (type=${configTypeName(item)})`);
      return new KnobReader(`${this.keyPath(key)}[${i}]`, item);
    });
    this.children.set(key, readers);
    return readers;
  }

  /** Record an effective value that is derived rather than read (e.g. `max_critics` after cutting). */
  setEffective(key: string, value: unknown): void {
    this.consumed.add(key);
    this.recorded[key] = toJsonSafe(value);
  }

  /** Values read, defaults included, nested mappings as objects (stage_configs_effective). */
  effective(): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = { ...this.recorded };
    for (const [key, child] of this.children) {
      out[key] = Array.isArray(child) ? child.map((c) => c.effective()) : child.effective();
    }
    return out;
  }

  /** Keys present (non-null) but never read, in this namespace only. */
  unconsumed(): string[] {
    return Object.keys(this.values)
      .filter((k) => this.values[k] !== null && this.values[k] !== undefined && !this.consumed.has(k))
      .sort();
  }

  /** Throws `Unknown config keys under <path>: …` for the first namespace holding unread keys. */
  assertConsumed(stageId: string): void {
    const unknown = this.unconsumed();
    if (unknown.length) {
      const consumed = [...this.consumed].sort();
      throw new CompileError(
        `Unknown config keys under ${this.path}: ${unknown.join(', ')} (stage: ${stageId}; consumed: ${consumed.length ? consumed.join(', ') : '<none>'})`,
      );
    }
    for (const child of this.children.values()) {
      for (const reader of Array.isArray(child) ? child : [child]) reader.assertConsumed(stageId);
    }
  }
}
