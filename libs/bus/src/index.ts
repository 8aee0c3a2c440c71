export * from './event-bus';
export * from './topology';
export * from './amqp-bus';
export * from './in-process-bus';
export * from './envelope-codec';
export * from './create-bus';
export * from './amqp-admin';
