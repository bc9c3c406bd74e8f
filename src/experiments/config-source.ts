/** The config-source log line of config.md §1 from a loaded config's meta. */
import type { JsonObject } from './types.js';

export function configSourceLine(meta: JsonObject): string {
  const mode = String(meta['mode'] ?? 'builtin');
  const paths = Array.isArray(meta['paths']) ? meta['paths'].map(String) : [];
  switch (mode) {
    case 'explicit':
      return `Loaded config from explicit path=${paths[0] ?? ''}`;
    case 'env':
      return `Loaded config from env ${String(meta['env_var'] ?? 'IMAGE_PROJECT_CONFIG')}=${paths[0] ?? ''}`;
    case 'base':
      return `Loaded config base=${paths[0] ?? ''}`;
    case 'base+local':
      return `Loaded config base=${paths[0] ?? ''} local=${paths[1] ?? ''}`;
    case 'builtin+local':
      return `Loaded built-in default config local=${paths[0] ?? ''}`;
    default:
      return 'Loaded built-in default config';
  }
}
