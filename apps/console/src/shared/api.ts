/**
 * The console's JSON API, shared by the server (apps/console/src/server) and the pages
 * (apps/console/web): one definition, so a field renamed on one side fails the type check on the other.
 */

export interface CatalogueProduct {
  id: string;
  name: string;
  price: number;
  currency: string;
  /** What shoppers buy with it in the simulator (empty when unknown). */
  accessories: string[];
}

export type ClickType = 'view' | 'add_to_cart';

export interface ClickRequest {
  sessionId: string;
  productId: string;
  type: ClickType;
}

export interface ClickResponse {
  eventId: string;
  /** The trace the click starts (the console sends a sampled traceparent with it). */
  traceId: string;
  /** The gateway's status: 202 means the broker confirmed the event. */
  status: number;
  /** Time of the POST through the gateway (broker confirm included), ms. */
  postMs: number;
  /** Epoch ms at which the console sent the event. */
  sentAt: number;
  error?: string;
}

export interface Evidence {
  /** The product of this session the item is related to. */
  seed: string;
  /** The scorer's relation score of seed -> item. */
  relationScore: number;
  /** 1-based rank of the item among the seed's relations, and how many relations the seed has. */
  rank: number;
  of: number;
}

export interface RecommendedItem {
  productId: string;
  score: number;
  because: Evidence | null;
}

export interface RecommendationsAnswer {
  items: RecommendedItem[];
  source: string;
  modelVersion: string;
  fallbackReason?: string;
  /** How long the gateway took to answer (query latency), ms. */
  queryMs: number;
}

export interface ReplicaStatus {
  service: string;
  address: string;
  ready: boolean;
  detail: string;
}

/** One scrape of every service, reduced to what the pipeline page draws. */
export interface PipelineSample {
  /** Epoch ms. */
  t: number;
  /** Events per second per stage (counter rate since the previous scrape), every outcome. */
  eventsPerSecond: Record<string, number>;
  queueDepth: Record<string, number>;
  /** Seconds from ingest to applied, per consumer, over the observations since the previous scrape. */
  freshness: Record<string, { p50: number | null; p99: number | null }>;
  /** Gateway recommendation latency, seconds, over the observations since the previous scrape. */
  recommendation: { p50: number | null; p99: number | null; perSecond: number };
  /** Share of the gateway's answers in the window that came from a fallback (0..1), null without answers. */
  fallbackShare: number | null;
  /** Dead-lettered messages since each service started, per queue. */
  deadLettered: Record<string, number>;
  replicas: ReplicaStatus[];
  /** Targets that could not be scraped, with why. */
  scrapeErrors: string[];
}

export interface AlertView {
  id: string;
  kind: string;
  source: string;
  field: string;
  eventType: string;
  cause: string;
  confidence: number;
  raisedAt: number;
  clearedAt: number | null;
  active: boolean;
  firstAffectedEventId: string;
  sampleProductIds: string[];
  detail: Record<string, unknown>;
}

export interface QuarantineGroup {
  alertId: string;
  events: number;
  from: number;
  to: number;
  /** A few held events, oldest first. */
  samples: { eventId: string; type: string; productId: string; price: string; occurredAt: string; source: string }[];
}

export interface BatchRunView {
  version: string;
  window: { from: string; to: string };
  state: string;
  backfill: boolean;
  reason: string;
  findings: string[];
  updatedAt: number;
  approvedByHand: { by: string; note: string; at: number } | null;
  revenue: { date: string; currency: string; revenue: string }[];
}

/** How the console reads the aggregator's store (the revenue page, the click path's archive time); it never writes it. */
export interface StoreStatus {
  /** shared: the store the aggregator writes, read in place; read-only-copy: a copy of its embedded store folder; none: no store. */
  kind: 'shared' | 'read-only-copy' | 'none';
  why: string;
}

/** The data-quality page: everything from the services that own it (the sentinel and the aggregator), over their gRPC APIs. */
export interface QualityView {
  alerts: AlertView[];
  alertsError?: string;
  quarantine: QuarantineGroup[];
  quarantineError?: string;
  batchRuns: BatchRunView[];
  batchRunsError?: string;
  /** Where replay, discard and approve go, in words (the services' addresses). */
  actsThrough: string;
}

/** What a replay or a discard did (the sentinel's answer). */
export interface ActionOutcome {
  action: 'replay' | 'discard';
  alertId: string;
  events: number;
  removedFromQuarantine: number;
  /** Replay only: held events the contract's rules refuse now (they stay held), and the first few with why. */
  refused?: number;
  refusedExamples?: { eventId: string; reason: string }[];
}

/** What an approval by hand did (the aggregator's answer). */
export interface ApprovalOutcome {
  version: string;
  window: { from: string; to: string };
  modelPromoted: boolean;
  findings: string[];
  /** model.published was announced: the scorers blend the approved model now. */
  announced: boolean;
}

export interface RevenueDay {
  date: string;
  currency: string;
  revenue: string;
  orders: number;
  units: number;
}

export interface RevenueView {
  audited: {
    days: (RevenueDay & { version: string; publishedAt: number; dataLatencyMs: number })[];
    held: { date: string; version: string; reason: string; findings: string[] }[];
  };
  live: {
    date: string;
    rows: RevenueDay[];
    /** Epoch ms of the newest archived event: how fresh the live figure is. */
    newestEventAt: number | null;
    dataLatencyMs: number | null;
  };
  /** How long the server took to answer this page, ms. */
  queryMs: number;
  store: StoreStatus;
  error?: string;
}

export interface Hop {
  /** What the hop is, in the pipeline's words (gateway, collector, broker confirm, scorer applied, ...). */
  hop: string;
  service: string;
  span: string;
  /** Offsets from the trace's first span, ms. */
  startMs: number;
  endMs: number;
}

export interface ClickPathView {
  traceId: string;
  eventId: string | null;
  startedAt: number | null;
  hops: Hop[];
  jaegerUrl: string | null;
  /** Spans received so far in this trace. */
  spans: number;
  /** Per-hop timestamps from the data itself (archive ingest), when the store can be read. */
  archivedAt: number | null;
  note?: string;
}

export interface RecentClick {
  eventId: string;
  traceId: string;
  productId: string;
  type: string;
  sentAt: number;
}

export interface ConsoleStatus {
  gatewayUrl: string;
  jaegerUiUrl: string | null;
  store: StoreStatus;
  simulator: { available: boolean; fault: string; faults: string[] };
  /** Whether this console receives spans (OTLP/HTTP at /v1/traces). */
  spansReceived: number;
}
