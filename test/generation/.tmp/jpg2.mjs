import { captionSvg } from '/work/main/dist/generation/caption.js';
import { captionedJpeg } from '/work/main/dist/generation/image-codec.js';
import { loadCaptionFont } from '/work/main/dist/generation/caption-font.js';
const font = loadCaptionFont(null);
const W=1536,H=1024; const data = Buffer.alloc(W*H*3); for (let i=0;i<data.length;i++) data[i]=(i*7)&255;
const time = async (label, fn) => { await fn(); const t=performance.now(); for (let i=0;i<10;i++) await fn(); console.log(label, ((performance.now()-t)/10).toFixed(1)); };
await time('svg build', async () => captionSvg(font, '#001 - Quiet Harbor Lights', W, H));
await time('captionedJpeg', () => captionedJpeg({data,width:W,height:H}, '#001 - Quiet Harbor Lights', font, 90, {}));
