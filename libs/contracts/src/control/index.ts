export * from './control-codec';
export * from './quarantine-verdicts';
export * from './model-announcement';
export * from './alert-change';
