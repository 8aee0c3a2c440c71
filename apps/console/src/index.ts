// The console's one public entry, for the demo that starts it beside the pipeline (and its browser tests)
// and for the tools that read its settings. Everything else in src/ is private to the console.
export { start, type ConsoleHandle } from './app';
export { consoleSettings, loadConsoleConfig, type ConsoleConfig } from './config';
export type { CatalogueProduct } from './shared/api';
export type { SpanStore } from './server/span-receiver';
