const which = process.argv[2];
const base = which === 'old' ? '/tmp/distA' : '/work/main/dist';
const { offlineAnswer } = await import(`${base}/providers/offline-text.js`);
const { buildSystemPrompt } = await import('/work/main/dist/context/systemPrompt.js');
const { loadAndParseConfig } = await import('/work/main/dist/config/index.js');
const { config } = loadAndParseConfig({ cwd: '/tmp' });
const system = buildSystemPrompt(config);
const draft = 'A windswept lighthouse on basalt cliffs at dusk, gulls wheeling, warm lamp glow against slate-blue storm clouds, '.repeat(4);
const mk = (i) => [
  { role: 'system', content: system },
  { role: 'user', content: `Concepts:\n- harbor owls ${i}\n- copper rain\n- moody baroque\n\nPreferences:\nLikes: lanterns, fog, brass\nDislikes: neon\n\nWrite a scene draft of 120 words. Keep RV-${1000 + i}-42 verbatim.` },
  { role: 'assistant', content: draft + i },
  { role: 'user', content: `Refine the draft above. Token RV-${1000 + i}-42. Return one paragraph.` },
];
for (let i = 0; i < 200; i++) offlineAnswer('offline-text-v1', { messages: mk(i), temperature: 0.7 });
const c0 = process.cpuUsage();
const N = 3000;
for (let i = 0; i < N; i++) offlineAnswer('offline-text-v1', { messages: mk(i + 1000), temperature: 0.7 });
const c = process.cpuUsage(c0);
console.log(which, 'system chars', system.length, 'cpu us/call', ((c.user + c.system) / N).toFixed(1));
