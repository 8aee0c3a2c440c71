export * from './env-spec';
export * from './common-settings';
