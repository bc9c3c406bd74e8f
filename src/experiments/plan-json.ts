/**
 * Reading `experiment_plan_full.json` for `--resume` without materialising what resume never uses.
 * The file is mostly `planned_runs_full[*].config_parsed` / `prompt_pipeline` / `config_warnings`
 * (reserved fields that are neither RunSpec fields nor `meta`, experiments.md §3.3, §4.10): the bytes are
 * checked by a validating JSON scanner (the whole grammar, so a corrupt file is still rejected) and
 * those members are cut out before `JSON.parse`, which then builds only the rest. Anything the scanner
 * does not expect falls back to `JSON.parse` of the whole text, so errors read exactly as before.
 */

class JsonSyntax extends Error {}

const WS = new Uint8Array(256);
WS[0x20] = 1; WS[0x09] = 1; WS[0x0a] = 1; WS[0x0d] = 1;
const ESC = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESC[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

class Scanner {
  i = 0;
  constructor(readonly b: Uint8Array) {}

  ws(): void {
    const b = this.b;
    let i = this.i;
    while (i < b.length && WS[b[i] as number]) i++;
    this.i = i;
  }

  expect(c: number): void {
    if (this.b[this.i] !== c) throw new JsonSyntax();
    this.i++;
  }

  /** At the opening quote; leaves `i` after the closing quote. Returns true when it held an escape or non-ASCII byte. */
  string(): boolean {
    const b = this.b;
    let i = this.i + 1;
    let special = false;
    for (;;) {
      if (i >= b.length) throw new JsonSyntax();
      const c = b[i] as number;
      if (c === 0x22) break;
      if (c < 0x20) throw new JsonSyntax();
      if (c === 0x5c) {
        special = true;
        const e = b[i + 1] as number;
        if (e === 0x75) {
          if (!(HEX[b[i + 2] as number] && HEX[b[i + 3] as number] && HEX[b[i + 4] as number] && HEX[b[i + 5] as number])) throw new JsonSyntax();
          i += 6;
        } else if (ESC[e]) i += 2;
        else throw new JsonSyntax();
        continue;
      }
      if (c >= 0x80) special = true;
      i++;
    }
    this.i = i + 1;
    return special;
  }

  digits(): void {
    const b = this.b;
    const start = this.i;
    while (this.i < b.length && (b[this.i] as number) >= 0x30 && (b[this.i] as number) <= 0x39) this.i++;
    if (this.i === start) throw new JsonSyntax();
  }

  number(): void {
    const b = this.b;
    if (b[this.i] === 0x2d) this.i++;
    if (b[this.i] === 0x30) this.i++;
    else this.digits();
    if (b[this.i] === 0x2e) { this.i++; this.digits(); }
    if (b[this.i] === 0x65 || b[this.i] === 0x45) {
      this.i++;
      if (b[this.i] === 0x2b || b[this.i] === 0x2d) this.i++;
      this.digits();
    }
  }

  literal(word: string): void {
    for (let k = 0; k < word.length; k++) if (this.b[this.i + k] !== word.charCodeAt(k)) throw new JsonSyntax();
    this.i += word.length;
  }

  /** Any value (validated); `i` at its first byte, left after its last. */
  value(depth = 0): void {
    if (depth > 4000) throw new JsonSyntax();
    const c = this.b[this.i];
    if (c === 0x7b) {
      this.i++; this.ws();
      if (this.b[this.i] === 0x7d) { this.i++; return; }
      for (;;) {
        if (this.b[this.i] !== 0x22) throw new JsonSyntax();
        this.string(); this.ws(); this.expect(0x3a); this.ws(); this.value(depth + 1); this.ws();
        if (this.b[this.i] === 0x2c) { this.i++; this.ws(); continue; }
        this.expect(0x7d);
        return;
      }
    }
    if (c === 0x5b) {
      this.i++; this.ws();
      if (this.b[this.i] === 0x5d) { this.i++; return; }
      for (;;) {
        this.value(depth + 1); this.ws();
        if (this.b[this.i] === 0x2c) { this.i++; this.ws(); continue; }
        this.expect(0x5d);
        return;
      }
    }
    if (c === 0x22) { this.string(); return; }
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return this.number();
    throw new JsonSyntax();
  }

  /** The key at `i` (a string), decoded. */
  key(): string {
    const start = this.i;
    const special = this.string();
    return special
      ? (JSON.parse(Buffer.from(this.b.buffer, this.b.byteOffset + start, this.i - start).toString('utf8')) as string)
      : Buffer.from(this.b.buffer, this.b.byteOffset + start + 1, this.i - start - 2).toString('latin1');
  }
}

/**
 * `JSON.parse` of the plan document, except that members of `planned_runs_full[*]` whose key is in
 * `dropRunKeys` are absent from the result. Throws what `JSON.parse(text)` throws for invalid JSON.
 */
export function parsePlanFull(buf: Buffer, dropRunKeys: ReadonlySet<string>): unknown {
  let reduced: Buffer;
  try {
    reduced = reduce(buf, dropRunKeys);
  } catch (err) {
    if (!(err instanceof JsonSyntax)) throw err;
    return JSON.parse(buf.toString('utf8'));
  }
  return JSON.parse(reduced.toString('utf8'));
}

function reduce(buf: Buffer, drop: ReadonlySet<string>): Buffer {
  const s = new Scanner(buf);
  const parts: Uint8Array[] = [];
  const COMMA = Buffer.from(',');
  let copyFrom = 0;
  // an optional UTF-8 BOM is an error for JSON.parse too: let the fallback report it
  s.ws();
  if (buf[s.i] !== 0x7b) throw new JsonSyntax();
  s.i++; s.ws();
  if (buf[s.i] !== 0x7d) {
    for (;;) {
      if (buf[s.i] !== 0x22) throw new JsonSyntax();
      const k = s.key(); s.ws(); s.expect(0x3a); s.ws();
      if (k === 'planned_runs_full' && buf[s.i] === 0x5b) {
        s.i++; s.ws();
        if (buf[s.i] === 0x5d) s.i++;
        else {
          for (;;) {
            if (buf[s.i] === 0x7b) {
              // one planned run: keep its members except the dropped ones
              parts.push(buf.subarray(copyFrom, s.i + 1));
              s.i++; s.ws();
              let kept = 0;
              if (buf[s.i] !== 0x7d) {
                for (;;) {
                  if (buf[s.i] !== 0x22) throw new JsonSyntax();
                  const start = s.i;
                  const mk = s.key(); s.ws(); s.expect(0x3a); s.ws(); s.value(2);
                  if (!drop.has(mk)) {
                    if (kept++ > 0) parts.push(COMMA);
                    parts.push(buf.subarray(start, s.i));
                  }
                  s.ws();
                  if (buf[s.i] === 0x2c) { s.i++; s.ws(); continue; }
                  if (buf[s.i] !== 0x7d) throw new JsonSyntax();
                  break;
                }
              }
              copyFrom = s.i; // the closing brace and what follows are copied later
              s.i++;
            } else s.value(1);
            s.ws();
            if (buf[s.i] === 0x2c) { s.i++; s.ws(); continue; }
            s.expect(0x5d);
            break;
          }
        }
      } else s.value(1);
      s.ws();
      if (buf[s.i] === 0x2c) { s.i++; s.ws(); continue; }
      s.expect(0x7d);
      break;
    }
  } else s.i++;
  s.ws();
  if (s.i !== buf.length) throw new JsonSyntax();
  parts.push(buf.subarray(copyFrom));
  return Buffer.concat(parts);
}
