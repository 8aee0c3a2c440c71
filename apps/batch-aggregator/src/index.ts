// The aggregator's one public entry, for what composes services in one process (the all-in-one demo and its
// batch history, the console's specs) and for the tools that read its settings. Everything else in src/ is
// private to the service.
export { start, type AggregatorHandle } from './app';
export { aggregatorSettings, loadAggregatorConfig, type AggregatorConfig } from './config';
export { batchDeps } from './batch-deps';
