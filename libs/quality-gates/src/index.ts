export * from './quarantine-gate';
export * from './active-verdicts';
export * from './verdict-broadcast';
export * from './sentinel-state-document';
export * from './batch-auditor';
export * from './quarantine-actions';
