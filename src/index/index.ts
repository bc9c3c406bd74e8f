/** index/ (issue 8): index-artifacts (JSON index, CSV registries, SQLite) and query. */
export { buildIndex, withIndexLock } from './build-index.js';
export type { BuildIndexOptions, BuildIndexResult } from './build-index.js';
export { refreshArtifactsIndex, storeRootForLogPath, storeRootForOutputRoot } from './refresh.js';
export type { StoreIndexResult, ArtifactsIndexJson, Registries, RegistryRows } from './store-index.js';
export type { CombinedIndexJson, CombinedIndexResult } from './combined.js';
export { combinedWarnings, storeLabels } from './combined.js';
export { runQuery } from './query.js';
export type { QueryFormat, QueryOptions } from './query.js';
export { EXPERIMENT_COLUMNS, IMAGE_COLUMNS, RUN_COLUMNS } from './columns.js';
