/**
 * Phase `image_pipeline` (generation.md §5–§7.2): request → decode → optional upscale (clean image) →
 * manifest lock [seq → title → caption + save → manifest row] → unlock. Images are written only inside
 * the lock, after the request and the upscale succeeded, so a failure leaves no image and no row.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { withFileLock, writeFileAtomic, utcTimestamp } from '../artifacts/index.js';
import { PER_RUN_WRITE } from './per-run-write.js';
import { releasePixels } from '../providers/pixel-pool.js';
import type { ImageProvider, TextProvider } from '../providers/types.js';
import type { AppConfig } from '../config/types.js';
import { loadCaptionFont } from './caption-font.js';
import { captionText } from './caption.js';
import { captionedJpeg, decodeImage, BASE_JPEG_QUALITY, UPSCALED_JPEG_QUALITY, type RawImage } from './image-codec.js';
import { orderedRecipe, type Recipe } from './recipe.js';
import { readManifestState } from './manifest-state.js';
import { appendManifestRowUnlocked } from './shared-csv.js';
import { generateTitle } from './title-generator.js';
import { toolInfo } from './tool-info.js';
import type { RunState } from './run-state.js';
import type { UpscaleOutcome } from './upscale-step.js';

export interface ImageStageInput {
  cfg: AppConfig;
  state: RunState;
  prompt: string;
  textProvider: TextProvider;
  imageProvider: ImageProvider;
  /** Upscale the clean decoded image (null when upscaling is disabled). */
  upscale: ((img: RawImage) => Promise<UpscaleOutcome>) | null;
}

function recipeFor(input: ImageStageInput, title: string, imageId: string, rendition: 'base' | 'upscaled', up: UpscaleOutcome | null): Recipe {
  const { cfg, state } = input;
  const img = state.imageGeneration!;
  return orderedRecipe({
    generation_id: state.generationId,
    created_at: state.createdAt,
    tool: toolInfo(),
    rendition,
    seed: state.seed,
    run_mode: state.runMode,
    plan: String(state.promptPipeline?.plan ?? cfg.prompt.plan),
    prompt: input.prompt,
    title,
    image_id: imageId,
    selected_concepts: [...state.pipeline.selected_concepts],
    models: {
      text: { provider: input.textProvider.name, model: input.textProvider.defaultModel },
      image: { provider: img.provider, model: img.model, size: img.size, quality: img.quality },
      upscale: rendition === 'upscaled' && up
        ? { engine: up.engine, model: up.model, width: up.image.width, height: up.image.height }
        : null,
    },
    experiment: { ...state.experiment, tags: [...state.experiment.tags] },
  });
}

/** Both results once both have settled (no encode is left running on a failure), else the first error. */
async function settledBoth<A, B>(a: Promise<A>, b: Promise<B> | null): Promise<[A, B | null]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}

async function removeQuietly(...files: (string | null)[]): Promise<void> {
  for (const f of files) if (f) await fsp.rm(f, { force: true }).catch(() => undefined);
}

export async function runImageStage(input: ImageStageInput): Promise<void> {
  const { cfg, state } = input;
  const log = state.oplog.log;
  const p = cfg.providers.image;
  const model = p.model || input.imageProvider.defaultModel;

  log('INFO', `Image generation request sent (model=${model}, size=${p.size}, quality=${p.quality})`);
  const res = await input.imageProvider.generate({
    prompt: input.prompt, size: p.size, quality: p.quality, moderation: p.moderation, model, log,
  });
  log('DEBUG', `Received image payload length: ${res.bytes.length}`);
  // A provider that rendered the pixels itself (offline) hands them over: no decode of the PNG it just encoded.
  const px = res.pixels;
  const clean: RawImage = px && px.width > 0 && px.height > 0 && px.data.length === px.width * px.height * 3
    ? { data: px.data, width: px.width, height: px.height }
    : await decodeImage(res.bytes);
  state.imageGeneration = {
    provider: res.provider || input.imageProvider.name,
    model: res.model || model,
    size: p.size,
    quality: p.quality,
    moderation: p.moderation,
    latency_ms: res.latency_ms,
    provider_seed: res.seed ?? null,
    bytes: res.bytes.length,
    width: clean.width,
    height: clean.height,
  };

  // Pool buffers (offline pixels, the 4K upscale) are handed back once the stage is over, saved or failed.
  const held: Buffer[] = [clean.data];
  try {
    await upscaleAndSave(input, clean, res.seed ?? null, held);
  } finally {
    for (const buf of held) releasePixels(buf);
  }
}

/** Optional upscale of the clean image, then the manifest lock section (§5, §7.2). */
async function upscaleAndSave(input: ImageStageInput, clean: RawImage, providerSeed: number | null, held: Buffer[]): Promise<void> {
  const { cfg, state } = input;
  const log = state.oplog.log;
  const p = cfg.providers.image;
  let up: UpscaleOutcome | null = null;
  if (input.upscale) {
    up = await input.upscale(clean);
    held.push(up.image.data);
    state.upscale = {
      engine: up.engine, model: up.model, method: up.method,
      source: [clean.width, clean.height], target: [up.image.width, up.image.height], latency_ms: up.latency_ms,
    };
  }
  const font = loadCaptionFont(cfg.image.caption_font_path);
  const manifest = state.paths.manifest!;
  const gid = state.generationId;
  const basePath = path.join(cfg.image.generation_path!, `${gid}_image.jpg`);
  const upPath = up ? path.join(cfg.image.upscale_path!, `${gid}_image_4k.jpg`) : null;

  await withFileLock(manifest, async () => {
    const { nextSeq, titles } = await readManifestState(manifest);
    const titleGen = await generateTitle(input.textProvider, input.prompt, titles, log);
    state.titleGeneration = titleGen;
    state.pipeline.outputs.title_generation = titleGen;
    const caption = captionText(nextSeq, titleGen.title);
    const imageId = caption.slice(0, caption.indexOf(' - '));
    log('INFO', `Assigned image identifier ${caption}`);

    try {
      // The clean pixels are not needed after their own caption (the upscale already ran), so both
      // renditions are captioned in place — unless the 4K image is the very same buffer (method `copy`).
      // The two encodes run side by side on the thread pool (this section holds the manifest lock).
      const baseInPlace = !up || up.image.data !== clean.data;
      const [base, big] = await settledBoth(
        captionedJpeg(clean, caption, font, BASE_JPEG_QUALITY, recipeFor(input, titleGen.title, imageId, 'base', null), { inPlace: baseInPlace }),
        up ? captionedJpeg(up.image, caption, font, UPSCALED_JPEG_QUALITY, recipeFor(input, titleGen.title, imageId, 'upscaled', up), { inPlace: true }) : null,
      );
      await writeFileAtomic(basePath, base.bytes, PER_RUN_WRITE);
      state.baseImagePath = basePath;
      log('INFO', `Saved image to ${basePath}`);
      if (big && up && upPath) {
        await writeFileAtomic(upPath, big.bytes, PER_RUN_WRITE);
        state.upscaledImagePath = upPath;
        log('INFO', `Saved 4K upscaled image to ${upPath}`);
      }
      await appendManifestRowUnlocked(manifest, {
        seq: nextSeq,
        title: titleGen.title,
        generation_id: gid,
        image_prompt: input.prompt,
        image_path: upPath ?? basePath,
        created_at: utcTimestamp(),
        model: state.imageGeneration!.model,
        size: p.size,
        quality: p.quality,
        seed: providerSeed,
        title_source: titleGen.title_source,
        title_raw: titleGen.title_raw,
      });
      log('INFO', `Appended manifest row to ${manifest} (seq=${nextSeq})`);
    } catch (err) {
      // A failure inside the lock section leaves no image and no manifest row (failure table, §3.1).
      await removeQuietly(state.upscaledImagePath, state.baseImagePath);
      state.baseImagePath = null;
      state.upscaledImagePath = null;
      throw err;
    }
  }, { warn: (m) => log('WARNING', m) });
}
