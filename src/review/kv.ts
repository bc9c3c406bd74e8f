/** KV(x) and L(x) value parsers of review.md §2.4. */

const KV_RE = /([\w.]+)=("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,]+)/g;

/** Decode the escapes allowed inside single-quoted values: \\ \' \" \n \t. */
export function decodeQuoted(inner: string): string {
  return inner.replace(/\\([\\'"nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

export function scalarValue(raw: string): unknown {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(raw);
      if (typeof v === 'string') return v;
    } catch {
      /* fall through: inner text */
    }
    return raw.slice(1, -1);
  }
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) return decodeQuoted(raw.slice(1, -1));
  if (/^[-+]?\d+$/.test(raw)) {
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : raw;
  }
  if (/^[-+]?\d+\.\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** KV(x): `key=value` pairs, later duplicates win. */
export function parseKv(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of text.matchAll(KV_RE)) {
    const key = m[1] as string;
    if (Object.prototype.hasOwnProperty.call(out, key)) delete out[key];
    out[key] = scalarValue(m[2] as string);
  }
  return out;
}

const LIST_ITEM_RE = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([-+]?\d+(?:\.\d+)?)|(True|False|None))\s*/y;

/** L(x): JSON if valid; else a Python-style `[...]` list; else the string. */
export function parseList(text: string): unknown {
  const t = text.trim();
  try {
    return JSON.parse(t) as unknown;
  } catch {
    /* not JSON */
  }
  if (!t.startsWith('[') || !t.endsWith(']')) return text;
  const body = t.slice(1, -1);
  const items: unknown[] = [];
  let pos = 0;
  if (body.trim() === '') return items;
  for (;;) {
    LIST_ITEM_RE.lastIndex = pos;
    const m = LIST_ITEM_RE.exec(body);
    if (!m) return text;
    if (m[1] !== undefined) items.push(decodeQuoted(m[1]));
    else if (m[2] !== undefined) items.push(decodeQuoted(m[2]));
    else if (m[3] !== undefined) items.push(Number(m[3]));
    else items.push(m[4] === 'True' ? true : m[4] === 'False' ? false : null);
    pos = LIST_ITEM_RE.lastIndex;
    if (pos >= body.length) return items;
    if (body[pos] !== ',') return text;
    pos += 1;
    if (body.slice(pos).trim() === '') return items; // trailing comma
  }
}

/** P(x): x without one enclosing `(`…`)` pair. */
export function stripParens(x: string): string {
  const t = x.trim();
  return t.startsWith('(') && t.endsWith(')') ? t.slice(1, -1) : t;
}
