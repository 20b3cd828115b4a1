// Public API of the test/demo harness (Node only): provisioning of PostgreSQL installs
// and throwaway clusters, and pgTAP running. See docs/architecture.md.
export { cacheDir } from './paths.js';
export { ensureInstall, installExtensionFromRepo, PLJS_MAJORS } from './install.js';
export { PljsSourceUnavailable } from './pljs-build.js';
export type { PljsBuild } from './pljs-build.js';
export type { PgInstall, EnsureInstallOptions, PgMajor } from './install.js';
export { startCluster, DEFAULT_HBA } from './cluster.js';
export type { Cluster, ClusterOptions } from './cluster.js';
export type { SettingValue } from './conf-format.js';
export { runPgTapFile, parseTap } from './pgtap.js';
export type { TapResult } from './pgtap.js';
export { pgRunUser } from './os-user.js';
export type { RunUser } from './os-user.js';
export { ensureClientTools, ensureClientTools18 } from './client-tools.js';
export type { ClientTools, ClientMajor } from './client-tools.js';
