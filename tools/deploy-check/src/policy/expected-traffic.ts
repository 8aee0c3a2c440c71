/**
 * Every in-namespace connection Shelflife needs, "from -> to:port". The NetworkPolicies must allow
 * exactly these: a missing one breaks the system, an extra one is access nobody needs.
 */
const SERVICE_TRAFFIC = [
  'storefront-gateway -> event-collector:50051',
  'storefront-gateway -> stream-scorer:50052',
  'event-collector -> rabbitmq:5672',
  'stream-scorer -> rabbitmq:5672',
  'stream-scorer -> mongodb:27017',
  'quality-sentinel -> rabbitmq:5672',
  'quality-sentinel -> mongodb:27017',
  'batch-aggregator -> rabbitmq:5672',
  'batch-aggregator -> mongodb:27017',
  'batch-aggregator -> quality-sentinel:50053',
  // The console reads what it shows: the gateway's HTTP API, the scorer, the sentinel and the aggregator
  // over gRPC, the store, every service's admin /metrics. It acts (replay, discard, approve) only through
  // the sentinel's and the aggregator's gRPC APIs: they publish on their own bus, so no broker access.
  'console -> storefront-gateway:8080',
  'console -> stream-scorer:50052',
  'console -> quality-sentinel:50053',
  'console -> batch-aggregator:50054',
  'console -> mongodb:27017',
  'console -> storefront-gateway:9464',
  'console -> event-collector:9464',
  'console -> stream-scorer:9464',
  'console -> quality-sentinel:9464',
  'console -> batch-aggregator:9464',
  // Clustering: broker nodes with each other, replica-set members with each other and the init Job.
  'rabbitmq -> rabbitmq:4369',
  'rabbitmq -> rabbitmq:25672',
  'mongodb -> mongodb:27017',
  'mongodb-rs-init -> mongodb:27017',
];

const TRACED_SERVICES = ['storefront-gateway', 'event-collector', 'stream-scorer', 'quality-sentinel', 'batch-aggregator', 'console'];
const TRACES = TRACED_SERVICES.map((service) => `${service} -> otel-collector:4318`);

/** The collector exports to Jaeger in the namespace only where the overlay runs Jaeger there (dev). */
const IN_NAMESPACE_JAEGER = ['otel-collector -> jaeger:4317'];

export function expectedTraffic(hasJaeger: boolean): Set<string> {
  return new Set([...SERVICE_TRAFFIC, ...TRACES, ...(hasJaeger ? IN_NAMESPACE_JAEGER : [])]);
}

/** The one workload that may accept connections from any source. */
export const PUBLIC_WORKLOAD = 'storefront-gateway';
/** Namespaces whose pods may reach in (Prometheus scrapes metrics from "monitoring"). */
export const TRUSTED_NAMESPACES = ['monitoring'];
/** Ports a pod may reach outside the cluster's pods (the Kubernetes API), if it mounts an API token. */
export const API_SERVER_PORTS = [443, 6443];
