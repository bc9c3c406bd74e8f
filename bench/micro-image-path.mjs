// Per-image components of two builds in one process (same conditions): offline render, caption, Lanczos fit.
// A = the build before the image-path rewrite (9408ddb), B = after. Prints CPU ms per call (median of 3 reps) and B/A.
const [rootA, rootB] = process.argv.slice(2);
if (!rootA || !rootB) { console.error('usage: node bench/micro-image-path.mjs <rootA> <rootB>  (package roots with dist/ built)'); process.exit(2); }
const S = rootA + '/dist', N = rootB + '/dist';
const rS = await import(S + '/providers/offline-render.js'), rN = await import(N + '/providers/offline-render.js');
const cS = await import(S + '/generation/image-codec.js'), cN = await import(N + '/generation/image-codec.js');
const fS = await import(S + '/generation/caption-font.js'), fN = await import(N + '/generation/caption-font.js');
const uS = await import(S + '/providers/upscalers.js'), lN = await import(N + '/providers/lanczos-resample.js');
function cpu(){const u=process.cpuUsage();return (u.user+u.system)/1000;}
async function t(fn,n){for(let i=0;i<3;i++)await fn(i);const c0=cpu();for(let i=0;i<n;i++)await fn(i);return (cpu()-c0)/n;}
const img = (await rN.renderOfflineImage('a quiet harbor with lights and a lonely tower at dusk', 1536, 1024)).pixels;
const fontS = fS.loadCaptionFont(null), fontN = fN.loadCaptionFont(null);
const rows = [];
for (let rep = 0; rep < 3; rep++) {
  rows.push(['render 1536x1024 (draw + PNG)', await t((i)=>rS.renderOfflineImage('p '+i,1536,1024),20), await t((i)=>rN.renderOfflineImage('p '+i,1536,1024),20)]);
  rows.push(['caption 1536x1024 (copy + strip)', await t((i)=>cS.captionPixels(img,'#0'+(10+i)+' - Quiet Harbor',fontS),20), await t((i)=>cN.captionPixels(img,'#0'+(10+i)+' - Quiet Harbor',fontN),20)]);
  rows.push(['Lanczos 1536x1024 -> 3840x2160 (raw)', await t(()=>uS.lanczosFitPixels(img,3840,2160),4), await t(()=>lN.lanczosCoverFit(img,3840,2160),4)]);
}
const med = (xs) => [...xs].sort((a,b)=>a-b)[1];
for (const name of [...new Set(rows.map(r=>r[0]))]) { const rs=rows.filter(r=>r[0]===name); const a=med(rs.map(r=>r[1])), b=med(rs.map(r=>r[2])); console.log(`${name}: before ${a.toFixed(2)} ms CPU, after ${b.toFixed(2)} ms CPU, ratio ${(b/a).toFixed(2)}`); }
