// The shopper simulator as a library, for the demo and the benchmarks (main.ts is its own command line).
export { buildCatalog, type Product } from './catalog';
export { FAULTS, FaultSwitch, type FaultName } from './faults';
export { LatencyRecorder, percentile } from './latency-recorder';
export { seededRandom } from './seeded-random';
export { SIM_SOURCES, generateSession, type SimEvent } from './session-generator';
export { runShoppers, type DriverOptions, type DriverSummary } from './shopper-driver';
