// Loaded first by main.ts: the one instrumentation loaded, gRPC's (libs/telemetry/src/tracing.ts), must patch @grpc/grpc-js before it is required.
import { initTelemetry } from '@shelflife/telemetry';

initTelemetry({ serviceName: 'quality-sentinel' });
