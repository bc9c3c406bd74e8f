/** Config system (config.md): loading and layering, merge, validation, paths, JSON Schema. */
export { loadConfig, CONFIG_ENV_VAR, inFile } from './load.js';
export type { LoadedConfig, LoadConfigOptions, ConfigMeta, ConfigMode, ConfigNote, ConfigLayer } from './load.js';
export { parseConfig } from './parse.js';
export type { ParseConfigOptions, ParsedConfig } from './parse.js';
export { loadAndParseConfig } from './loadAndParse.js';
export type { LoadedAndParsedConfig } from './loadAndParse.js';
export { cloneConfigData, deepMerge, mergeConfigs, stageConfigMergeError, valueTypeName, isMapping } from './merge.js';
export type { MergeOptions } from './merge.js';
export { findWorkspaceRoot, resolvePathValue, packageDataPath, expandUserAndEnv, BUILTIN_PREFIX } from './paths.js';
export { builtinConfigDict, BUILTIN_CONFIG_LABEL } from './builtin.js';
export { normalizeConfigMapping } from './normalize.js';
export { parseConfigYaml, readConfigFile } from './yamlFile.js';
export { configJsonSchema } from './jsonSchema.js';
export { STAGE_KIND_IDS, resolveKindSelector } from './stageKinds.js';
export { DRAFT_PLANS } from './checks.js';
export { toBool } from './fields.js';
export type * from './types.js';
