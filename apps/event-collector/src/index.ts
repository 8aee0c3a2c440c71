// The collector's one public entry, for what composes services in one process (the all-in-one demo, the
// gateway's specs) and for the tools that read its settings. Everything else in src/ is private to the service.
export { start, type CollectorHandle } from './app';
export { collectorSettings, loadCollectorConfig, type CollectorConfig } from './config';
