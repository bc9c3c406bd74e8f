const W = 1536, H = 1024;
const px = Buffer.alloc(W * H * 3);
const color = Buffer.from([10, 200, 30]);
function spanDouble(y, a, b) {
  const start = (y * W + a) * 3, end = (y * W + b) * 3;
  px[start] = color[0]; px[start + 1] = color[1]; px[start + 2] = color[2];
  let len = 3;
  while (start + len * 2 <= end) { px.copyWithin(start + len, start, start + len); len *= 2; }
  if (start + len < end) px.copyWithin(start + len, start, end - len);
}
function spanFill(y, a, b) { px.fill(color, (y * W + a) * 3, (y * W + b) * 3); }
for (const [name, f] of [['double', spanDouble], ['fill', spanFill], ['double', spanDouble], ['fill', spanFill]]) {
  const c0 = process.cpuUsage();
  for (let rep = 0; rep < 20; rep++) for (let y = 0; y < H; y++) { f(y, 0, W); f(y, 100, 140); f(y, 700, 1000); }
  const c = process.cpuUsage(c0);
  console.log(name, ((c.user + c.system) / 1000 / 20).toFixed(2), 'ms per 3072 spans');
}
const a = Buffer.alloc(W*3*4); const b = Buffer.alloc(W*3*4);
