/**
 * The recipe embedded in every saved image (generation.md §5.2): one compact JSON object in an XMP
 * APP1 segment (JPEG) or an uncompressed iTXt chunk (PNG), and `readRecipe` to get it back.
 */
import { promises as fsp } from 'node:fs';
import { crc32 } from 'node:zlib';
import { IOError } from '../errors.js';

export interface Recipe {
  schema: 'image-project/recipe';
  version: 1;
  generation_id: string;
  created_at: string;
  tool: { name: string; version: string };
  rendition: 'base' | 'upscaled';
  seed: number | null;
  run_mode: string;
  plan: string;
  prompt: string;
  title: string;
  image_id: string;
  selected_concepts: string[];
  models: {
    text: { provider: string; model: string };
    image: { provider: string; model: string; size: string; quality: string };
    upscale: { engine: string; model: string; width: number; height: number } | null;
  };
  experiment: { id: string | null; variant: string | null; notes: string | null; tags: string[] };
  prompt_truncated?: true;
}

/** The recipe with keys in the order of §5.2 (callers may pass fields in any order). */
export function orderedRecipe(r: Omit<Recipe, 'schema' | 'version'>): Recipe {
  return {
    schema: 'image-project/recipe', version: 1,
    generation_id: r.generation_id, created_at: r.created_at, tool: r.tool, rendition: r.rendition,
    seed: r.seed, run_mode: r.run_mode, plan: r.plan, prompt: r.prompt, title: r.title, image_id: r.image_id,
    selected_concepts: r.selected_concepts, models: r.models, experiment: r.experiment,
  };
}

const XMP_HEADER = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');
const MAX_SEGMENT_PAYLOAD = 65533;
const PNG_KEYWORD = 'image-project:recipe';

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, ent: string) => {
    if (ent === 'amp') return '&';
    if (ent === 'lt') return '<';
    if (ent === 'gt') return '>';
    if (ent === 'quot') return '"';
    if (ent === 'apos') return "'";
    return String.fromCodePoint(ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10));
  });
}

function xmpPayload(json: string): Buffer {
  const packet = '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    + '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    + '<rdf:Description rdf:about="" xmlns:imageproject="urn:image-project:recipe:1">'
    + `<imageproject:recipe>${xmlEscape(json)}</imageproject:recipe>`
    + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
  return Buffer.concat([XMP_HEADER, Buffer.from(packet, 'utf8')]);
}

/** XMP payload for the recipe, cutting `prompt` (code-point boundary) until the segment fits. */
export function recipeXmpPayload(recipe: Recipe): Buffer {
  const full = xmpPayload(JSON.stringify(recipe));
  if (full.length <= MAX_SEGMENT_PAYLOAD) return full;
  const points = Array.from(recipe.prompt);
  const build = (n: number): Buffer => xmpPayload(JSON.stringify({ ...recipe, prompt: points.slice(0, n).join(''), prompt_truncated: true }));
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (build(mid).length <= MAX_SEGMENT_PAYLOAD) lo = mid; else hi = mid - 1;
  }
  const out = build(lo);
  if (out.length > MAX_SEGMENT_PAYLOAD) throw new IOError('Image recipe does not fit in one XMP segment even with an empty prompt');
  return out;
}

/** Insert the recipe as an APP1 XMP segment after SOI (and after a JFIF APP0 when present). */
export function embedRecipeInJpeg(jpeg: Buffer, recipe: Recipe): Buffer {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new IOError('Cannot embed recipe: not a JPEG stream');
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + jpeg.readUInt16BE(4);
  const payload = recipeXmpPayload(recipe);
  const head = Buffer.alloc(4);
  head[0] = 0xff; head[1] = 0xe1;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, at), head, payload, jpeg.subarray(at)]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const typeBuf = Buffer.from(type, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([typeBuf, data])) >>> 0, 0);
  return Buffer.concat([len, typeBuf, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Insert one uncompressed iTXt chunk (keyword `image-project:recipe`) before the first IDAT. */
export function embedRecipeInPng(png: Buffer, recipe: Recipe): Buffer {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new IOError('Cannot embed recipe: not a PNG stream');
  const data = Buffer.concat([
    Buffer.from(PNG_KEYWORD, 'latin1'), Buffer.from([0, 0, 0]), Buffer.from([0]), Buffer.from([0]),
    Buffer.from(JSON.stringify(recipe), 'utf8'),
  ]);
  let off = 8;
  while (off + 8 <= png.length) {
    const len = png.readUInt32BE(off);
    if (png.toString('latin1', off + 4, off + 8) === 'IDAT') break;
    off += 12 + len;
  }
  return Buffer.concat([png.subarray(0, off), pngChunk('iTXt', data), png.subarray(off)]);
}

function recipeFromJpeg(buf: Buffer): Recipe | null {
  let off = 2;
  while (off + 4 <= buf.length && buf[off] === 0xff) {
    const marker = buf[off + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const len = buf.readUInt16BE(off + 2);
    if (marker === 0xe1) {
      const seg = buf.subarray(off + 4, off + 2 + len);
      if (seg.subarray(0, XMP_HEADER.length).equals(XMP_HEADER)) {
        const xml = seg.subarray(XMP_HEADER.length).toString('utf8');
        const m = /<imageproject:recipe>([\s\S]*?)<\/imageproject:recipe>/.exec(xml);
        if (m) return JSON.parse(xmlUnescape(m[1]!)) as Recipe;
      }
    }
    off += 2 + len;
  }
  return null;
}

function recipeFromPng(buf: Buffer): Recipe | null {
  let off = 8;
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    if (type === 'iTXt') {
      const data = buf.subarray(off + 8, off + 8 + len);
      const nul = data.indexOf(0);
      if (data.toString('latin1', 0, nul) === PNG_KEYWORD) {
        let p = nul + 3; // NUL, compression flag, method
        p = data.indexOf(0, p) + 1; // language tag
        p = data.indexOf(0, p) + 1; // translated keyword
        return JSON.parse(data.subarray(p).toString('utf8')) as Recipe;
      }
    }
    if (type === 'IEND') break;
    off += 12 + len;
  }
  return null;
}

/** The recipe embedded in a JPEG or PNG file, or null when it has none. */
export async function readRecipe(file: string): Promise<Recipe | null> {
  const buf = await fsp.readFile(file);
  if (buf[0] === 0xff && buf[1] === 0xd8) return recipeFromJpeg(buf);
  if (buf.subarray(0, 8).equals(PNG_SIGNATURE)) return recipeFromPng(buf);
  throw new IOError(`Not a JPEG or PNG file: ${file}`);
}
