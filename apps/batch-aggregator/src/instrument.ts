// Loaded first by main.ts: OpenTelemetry must patch grpc and amqplib before they are required.
import { initTelemetry } from '@shelflife/telemetry';

initTelemetry({ serviceName: 'batch-aggregator' });
