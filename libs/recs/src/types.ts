export interface ScoredItem {
  productId: string;
  score: number;
}

export interface RecommendQuery {
  /** "Customers also viewed/bought" for this product (the product itself is never returned). */
  productId?: string;
  /** Blend the recent items of this session (newest weighs most). */
  sessionId?: string;
  /** Blend this user's recent items across sessions. */
  userId?: string;
  /** Explicit recent items, oldest first, for callers that hold the context themselves (evaluation, a client-side cart). */
  recentItems?: string[];
  /** At most this many items (1..1000). */
  limit: number;
  excludeViewed?: boolean;
  excludeInCart?: boolean;
  excludePurchased?: boolean;
  /** Pad a short answer with popular items (default true); an empty answer falls back to them regardless. */
  fillWithPopular?: boolean;
  /** Epoch ms of the question; defaults to the latest event time seen. Decides whether the session is still active. */
  now?: number;
}

export type RecommendationSource = 'realtime' | 'blended' | 'fallback';

export interface Recommendation {
  items: ScoredItem[];
  source: RecommendationSource;
  modelVersion: string;
}

/** What the batch aggregator publishes: the same relation (scoreRelation) computed over the full history. */
export interface BatchModel {
  version: string;
  relations: Record<string, ScoredItem[]>;
  popular: ScoredItem[];
}

export interface RecsStats {
  products: number;
  relations: number;
  sessions: number;
  users: number;
  eventsApplied: number;
  duplicatesIgnored: number;
  /** Events whose learning a quarantine verdict took back since this process started (not in snapshots; eventsApplied excludes them). */
  eventsRetracted: number;
  /** Event ids the dedup currently recognises. */
  dedupRemembered: number;
  batchVersion: string | null;
  batchRelations: number;
  /** Bytes held by the model's fixed tables (relations, counts, dedup); excludes the per-session objects. */
  tableBytes: number;
  /** The model clock (epoch ms): the watermark of event times, never past the receiving clock + maxFutureSkewMs. */
  clock: number;
  /** Events whose time was pulled back for decay: dated past their receiving clock + maxFutureSkewMs, or far past the model clock. */
  eventTimesBounded: number;
  /** When the restored snapshot's clock was ahead of the restore time and was brought back: the clock it carried; else null. */
  clockRepairedFrom: number | null;
}
