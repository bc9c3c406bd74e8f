import { createImageProvider } from '/work/main/dist/providers/index.js';
import { decodeImage, captionedJpeg } from '/work/main/dist/generation/image-codec.js';
import { loadCaptionFont } from '/work/main/dist/generation/caption-font.js';
const p = createImageProvider({ provider: 'offline' });
const font = loadCaptionFont(null);
const r = { schema: 'x' };
let t, res, raw;
for (let i = 0; i < 6; i++) {
  t = performance.now(); res = await p.generate({ prompt: 'harbor ' + i, size: '1536x1024', quality: 'high', moderation: 'low' }); const a = performance.now() - t;
  t = performance.now(); raw = await decodeImage(res.bytes); const b = performance.now() - t;
  t = performance.now(); await captionedJpeg(raw, '#001 - Quiet Harbor Lights', font, 90, r); const c = performance.now() - t;
  console.log('gen', a.toFixed(1), 'decode', b.toFixed(1), 'caption+jpeg', c.toFixed(1));
}
