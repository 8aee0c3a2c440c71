// Loaded first by main.ts: OpenTelemetry must patch http, express and grpc before they are required.
import { initTelemetry } from '@shelflife/telemetry';

initTelemetry({ serviceName: 'storefront-gateway' });
