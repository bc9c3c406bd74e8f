/**
 * Upscaling of the clean image (generation.md §6) through the providers' configured upscaler, which
 * applies the target/method rule and writes the `Upscaling enabled: …` line into the run's oplog.
 */
import type { AppConfig } from '../config/types.js';
import { decodeImage, encodePngFast, type RawImage } from './image-codec.js';
import type { LogFn } from './oplog.js';
import type { ProviderSource } from './provider-source.js';

export interface UpscaleOutcome {
  image: RawImage;
  engine: string;
  model: string;
  method: string;
  latency_ms: number;
}

export function makeUpscaleStep(cfg: AppConfig, providers: ProviderSource, generationId: string, log: LogFn): (img: RawImage) => Promise<UpscaleOutcome> {
  const upscaler = providers.upscaler(cfg);
  return async (img) => {
    const started = performance.now();
    if (upscaler.runPixels) {
      const res = await upscaler.runPixels({ pixels: img, generationId, log });
      return { image: res.pixels, engine: res.engine, model: res.model, method: res.method, latency_ms: Math.round(performance.now() - started) };
    }
    const res = await upscaler.run({ bytes: await encodePngFast(img), generationId, log });
    const image = res.method === 'copy' ? img : await decodeImage(res.bytes);
    return { image, engine: res.engine, model: res.model, method: res.method, latency_ms: Math.round(performance.now() - started) };
  };
}
