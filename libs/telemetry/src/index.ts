export * from './tracing';
export * from './logger';
export * from './metrics';
export * from './hash';
export * from './http-server-span';
export * from './redaction';
export * from './otlp-json';
