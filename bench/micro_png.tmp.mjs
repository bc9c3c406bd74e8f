import sharp from 'sharp';
const { renderOfflineImage } = await import('/work/main/dist/providers/offline-render.js');
const img = await renderOfflineImage('a lighthouse keeper in autumn fog, brass instruments', 1536, 1024);
const { data, info } = await sharp(img.png).raw().toBuffer({ resolveWithObject: true });
async function t(label, fn, n = 12) { await fn(); const c0 = process.cpuUsage(); let sz = 0; for (let i = 0; i < n; i++) sz = (await fn()).length; const c = process.cpuUsage(c0); console.log(label.padEnd(22), 'cpu ms', ((c.user + c.system) / 1000 / n).toFixed(1), 'kb', (sz / 1024).toFixed(0)); }
for (let k = 0; k < 2; k++) for (const lvl of [3, 1, 0]) {
  const enc = () => sharp(data, { raw: info }).png({ compressionLevel: lvl, adaptiveFiltering: false }).toBuffer();
  const png = await enc();
  await t(`encode lvl${lvl}`, enc);
  await t(`decode lvl${lvl}`, () => sharp(png).removeAlpha().toColourspace('srgb').raw().toBuffer());
}
await t('render total', () => renderOfflineImage('a lighthouse keeper in autumn fog ' + Math.random(), 1536, 1024));
