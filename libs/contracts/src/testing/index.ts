export { hostileEvents, type EventIntent, type HostileCase } from './hostile-events';
