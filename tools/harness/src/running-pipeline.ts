/** A started pipeline, whichever way it runs (five processes, or all in one): where to reach it and how to stop it. */
export interface RunningPipeline {
  gatewayUrl: string;
  adminUrl?: string;
  /** gRPC addresses of the scorer, the sentinel and the aggregator (what the console reads and acts through). */
  scorerAddr?: string;
  sentinelAddr?: string;
  aggregatorAddr?: string;
  /** Every service's admin URL by name, scraped by the console's pipeline page. */
  metricsTargets?: Record<string, string>;
  stop(): Promise<void>;
}
