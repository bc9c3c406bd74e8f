import { captionPixels } from '/work/main/dist/generation/image-codec.js';
import { loadCaptionFont } from '/work/main/dist/generation/caption-font.js';
import sharp from 'sharp';
const font = loadCaptionFont(null);
const W=1536,H=1024; const data = Buffer.alloc(W*H*3, 200);
const { pixels } = await captionPixels({data,width:W,height:H}, '#042 - Turquoise Citadel AVAV Wy', font);
await sharp(pixels.data, {raw:{width:W,height:H,channels:3}}).extract({left:450,top:970,width:640,height:54}).resize(1280).png().toFile('/tmp/strip2.png');
