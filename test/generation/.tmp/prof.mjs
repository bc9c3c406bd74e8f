import { runGeneration } from '/work/main/dist/generation/run-generation.js';
import { loadAndParseConfig } from '/work/main/dist/config/index.js';
import { block, chatStep, executePipeline } from '/work/main/dist/pipeline/index.js';
import { cachedCategories, cachedProfile } from '/work/main/dist/generation/input-cache.js';
import fs from 'fs'; import os from 'os'; import path from 'path';
const side = {
  loadCategories: (cfg) => { const t = cachedCategories(cfg.prompt.categories_path); return { table: t, rowCount: t.rows.length }; },
  loadProfile: (cfg) => { const p = cachedProfile(cfg.prompt.profile_path); return { table: p.table, rowCount: 4, preferencesGuidance: p.preferencesGuidance, dislikes: [...p.dislikes] }; },
  resolvePlan: () => 'double', injectContext: () => ({ guidance: '', metadata: {} }), systemPrompt: () => 'sys',
  compile: () => ({ root: block({ name: 'pipeline', nodes: [block({ name: 'double.scene', merge: 'last_response', captureKey: 'image_prompt', nodes: [chatStep({ name: 'draft', temperature: 0.7, prompt: 'Describe a calm harbor at dusk' })] })] }), metadata: { plan: 'double' } }),
  execute: (root, ctx) => executePipeline(root, ctx),
};
const mode = process.argv[2] ?? 'full';
const dir = fs.mkdtempSync(path.join(process.env.PROF_DIR ?? os.tmpdir(), 'prof-'));
fs.mkdirSync(path.join(dir, 'config')); fs.writeFileSync(path.join(dir, 'config/config.yaml'), `run: {mode: ${mode}}\nprompt: {random_seed: 1}\nproviders: {image: {provider: offline, size: ${process.env.SIZE ?? "1536x1024"}}}\n`);
const cfg = loadAndParseConfig({ cwd: dir, env: {} }).config;
const o = { updateIndex: false, mirrorToConsole: false, promptSide: side };
await runGeneration(cfg, o);
const N = Number(process.argv[3] ?? 10);
let t = performance.now();
for (let i = 0; i < N; i++) await runGeneration(cfg, o);
console.log(mode, 'sequential ms/run', (performance.now() - t) / N);
t = performance.now();
await Promise.all(Array.from({ length: N }, () => runGeneration(cfg, o)));
console.log(mode, 'concurrent ms/run', (performance.now() - t) / N);
