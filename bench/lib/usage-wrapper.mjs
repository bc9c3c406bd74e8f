// `node usage-wrapper.mjs <script> ...args`: runs <script> as the main program and prints its resource usage
// (CPU times in µs, maxRSS in KiB) on stderr at exit, for bench/lib/measure.mjs.
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nBENCH_USAGE ${JSON.stringify({ userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime, maxRSS: u.maxRSS })}\n`);
});
await import(script);
