export * from './tracing';
export * from './logger';
export * from './metrics';
export * from './hash';
export * from './route-span';
