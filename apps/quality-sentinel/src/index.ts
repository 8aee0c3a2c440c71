// The sentinel's one public entry, for what composes services in one process (the all-in-one demo, the
// console's specs) and for the tools that read its settings. Everything else in src/ is private to the service.
export { start, type SentinelHandle } from './app';
export { loadSentinelConfig, sentinelSettings, type SentinelConfig } from './config';
