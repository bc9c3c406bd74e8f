import sharp from 'sharp';
const { renderOfflineImage } = await import('/work/main/dist/providers/offline-render.js');
const img = await renderOfflineImage('a lighthouse keeper in autumn fog, brass instruments', 1536, 1024);
const raw = await sharp(img.png).raw().toBuffer({ resolveWithObject: true });
const png1 = await sharp(raw.data, { raw: raw.info }).png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
async function t(label, fn, n = 5) { await fn(); const c0 = process.cpuUsage(); const t0 = performance.now(); let sz=0; for (let i = 0; i < n; i++) sz = (await fn()).length; const c = process.cpuUsage(c0); console.log(label.padEnd(28), 'wall', ((performance.now() - t0) / n).toFixed(0), 'cpu', ((c.user + c.system) / 1000 / n).toFixed(0), 'kb', (sz/1024).toFixed(0)); }
const R = () => sharp(png1).resize(3840, 2560, { fit: 'cover', kernel: 'lanczos3' });
for (let k = 0; k < 2; k++) {
await t('resize->raw', () => R().raw().toBuffer());
await t('resize->png default', () => R().toBuffer());
await t('resize->png lvl1 noadapt', () => R().png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer());
await t('decode 10MP png default', async () => { const b = await R().toBuffer(); return sharp(b).raw().toBuffer(); }, 2);
}
