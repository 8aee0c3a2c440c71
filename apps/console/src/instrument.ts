// Loaded first by main.ts: OpenTelemetry must patch express and grpc before they are required.
import { initTelemetry } from '@shelflife/telemetry';

initTelemetry({ serviceName: 'console' });
