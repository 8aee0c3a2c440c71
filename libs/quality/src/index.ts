export { QualityMonitor, SNAPSHOT_VERSION, type QualitySnapshot } from './quality-monitor';
export type { EventShape, EventView, FieldArrival, PriceShape } from './event-view';
export { viewOfEnvelope } from './view-of-envelope';
/** For replay files of gateway JSON and for tests: the running sentinel reads envelopes. */
export { viewOfGatewayJson } from './view-of-gateway-json';
export { DEFAULT_QUALITY_OPTIONS, alarmThreshold, resolveOptions, type QualityOptions } from './options';
export { ALERT_KINDS, ALL_SOURCES, type Alert, type AlertChange, type AlertKind, type QuarantineVerdict } from './alert';
export { KNOWN_FACTORS, matchKnownFactor, type KnownFactor } from './known-factors';
export * from './batch-audit';
/** For specs and the benchmark's stream generator: not part of the sentinel's behaviour. */
export { sampleCumulative, seededRandom } from './testing/seeded-random';
export { matchesVerdict, quarantineKeyOf, type QuarantineKey } from './quarantine';
export { batchAuditRequestFromWire } from './batch-audit-wire';
