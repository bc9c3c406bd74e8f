/**
 * A scripted text-provider double: answers like the offline provider unless `script` returns a
 * reply for the request. Records every request.
 */
import type { KernelTextProvider, KernelTextRequest } from '../../src/pipeline/types.js';
import { OfflineTextProvider } from '../../src/providers/offline-text.js';
import type { AppConfig } from '../../src/config/index.js';

export type Script = (req: KernelTextRequest, userText: string) => string | undefined;

export class ScriptedProvider implements KernelTextProvider {
  readonly name = 'scripted';
  readonly defaultModel = 'scripted-v1';
  readonly requests: KernelTextRequest[] = [];
  private readonly offline: OfflineTextProvider;
  constructor(cfg: AppConfig, private readonly script: Script) {
    this.offline = new OfflineTextProvider(cfg.providers.text);
  }
  async complete(req: KernelTextRequest) {
    this.requests.push(req);
    const user = req.messages[req.messages.length - 1]?.content ?? '';
    const scripted = this.script(req, user);
    if (scripted !== undefined) {
      return { text: scripted, provider: 'scripted', model: this.defaultModel, latency_ms: 0, attempts: 1, usage: { input_tokens: null, output_tokens: null, total_tokens: null } };
    }
    return this.offline.complete(req as never);
  }
  formatCalls(name: string): KernelTextRequest[] {
    return this.requests.filter((r) => r.responseFormat?.name === name);
  }
}
