export * from './test-certificates';
export * from './tls-rabbit-node';
