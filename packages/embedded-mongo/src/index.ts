// An embedded MongoDB-compatible store: a MongoDB wire-protocol server on loopback that mongoose
// and the official drivers reach exactly as they would reach mongod.
export { startEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from './server.ts';
export { runStoreCommand } from './cli.ts';
export { storeRepairHelp } from './cli-repair.ts';
export { startEmbeddedStoreThread } from './store-thread.ts';
export { DEFAULT_COMPACTION_POLICY, type CompactionPolicy } from './persistence/compaction-policy.ts';
