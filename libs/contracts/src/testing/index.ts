export { hostileEvents, type EventIntent, type HostileCase } from './hostile-events';
export { intentAsJson, intentAsProto } from './intent-encodings';
