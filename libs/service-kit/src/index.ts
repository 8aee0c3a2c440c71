export * from './readiness';
export * from './admin-server';
export * from './grpc-server';
export * from './grpc-client';
export * from './lifecycle';
export * from './quarantine-gate';
export * from './batch-auditor';
export * from './sliced-json';
