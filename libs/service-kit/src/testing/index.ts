export * from './test-certificates';
