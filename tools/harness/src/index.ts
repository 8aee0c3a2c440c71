// Running the services for the demo, the end-to-end tests and the benchmarks: the five processes on free
// ports, extra replicas, and an OTLP receiver to catch their spans. Tools import it as @shelflife/harness.
export { type RunningPipeline } from './running-pipeline';
export {
  DEFAULT_LAYOUT,
  SERVICES,
  freeLayout,
  serviceEnv,
  startProcesses,
  startReplica,
  stopChild,
  type ProcessLayout,
  type ReplicaPorts,
  type ReplicaProcess,
  type ServiceName,
} from './multi-process';
export { freePorts } from './free-ports';
export { startOtlpReceiver } from './otlp-receiver';
