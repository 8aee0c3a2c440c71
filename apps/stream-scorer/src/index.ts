// The scorer's one public entry, for what composes services in one process (the all-in-one demo, other
// services' specs, the hot-path benchmark that measures its gRPC service) and for the tools that read its
// settings. Everything else in src/ is private to the service.
export { start, type ScorerHandle } from './app';
export { loadScorerConfig, scorerSettings, type ScorerConfig } from './config';
export { scorerService } from './scorer-service';
