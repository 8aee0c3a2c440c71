export * from './env-spec';
export * from './common-settings';
export * from './command-line';
