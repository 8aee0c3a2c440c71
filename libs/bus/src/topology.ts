/**
 * Every exchange and queue name, in one place. All names carry a prefix (SHELFLIFE_BUS_PREFIX,
 * default "shelflife") so that tests can share a broker without touching a running pipeline.
 */
export function topology(prefix = 'shelflife') {
  const events = `${prefix}.events`;
  const deadLetter = `${prefix}.dlx`;
  const alerts = `${prefix}.alerts`;
  const control = `${prefix}.control`;
  return {
    prefix,
    exchanges: { events, deadLetter, alerts, control },
    queues: {
      archiveEvents: `${prefix}.archive.events`,
      // Single active consumer: one sentinel replica works, the others stand by (docs/scaling.md).
      sentinelEvents: `${prefix}.sentinel.watch`,
      dead: `${prefix}.dead`,
    },
    /**
     * Append-only logs every reader reads whole, each at its own offset: every scorer replica learns
     * every event, and a restarted one replays from the offset its snapshot covers.
     */
    streams: {
      scorerEvents: `${prefix}.scorer.stream`,
    },
    /** Queues declared by earlier versions: unbound at start (else they fill and refuse publishes), deleted once empty. */
    retiredQueues: [`${prefix}.scorer.events`, `${prefix}.sentinel.events`],
    /** Durable work queues and streams, and what they are bound to. */
    bindings: [
      { queue: `${prefix}.scorer.stream`, exchange: events, patterns: ['event.#'] },
      { queue: `${prefix}.archive.events`, exchange: events, patterns: ['event.#'] },
      // The sentinel also sees repeats and collector rejects: both are signals of upstream trouble.
      { queue: `${prefix}.sentinel.watch`, exchange: events, patterns: ['event.#', 'duplicate.#'] },
      { queue: `${prefix}.sentinel.watch`, exchange: deadLetter, patterns: ['rejected.#'] },
      { queue: `${prefix}.dead`, exchange: deadLetter, patterns: ['#'] },
    ],
  };
}

export type Topology = ReturnType<typeof topology>;

export const routingKeys = {
  event: (type: string) => `event.${type}`,
  duplicate: (type: string) => `duplicate.${type}`,
  rejected: (stage: string) => `rejected.${stage}`,
  deadLetter: (queue: string) => `failed.${queue}`,
  alert: (kind: string, change: string) => `alert.${change}.${kind}`,
  quarantine: 'quarantine.verdict',
  modelPublished: 'model.published',
};

export const headers = {
  schemaVersion: 'x-shelflife-schema-version',
  eventId: 'x-shelflife-event-id',
  /** Events in the message (a bundle; see envelope-codec.ts). */
  eventCount: 'x-shelflife-event-count',
  ingestedAt: 'x-shelflife-ingested-at',
  attempt: 'x-shelflife-attempt',
  reason: 'x-shelflife-reason',
  originalQueue: 'x-shelflife-original-queue',
  originalRoutingKey: 'x-shelflife-original-routing-key',
  /** Set by RabbitMQ on every message read from a stream: its position in the stream. */
  streamOffset: 'x-stream-offset',
} as const;

/** AMQP topic matching: "*" is one word, "#" is zero or more words. */
export function topicMatches(pattern: string, routingKey: string): boolean {
  const p = pattern.split('.');
  const k = routingKey.split('.');
  const match = (i: number, j: number): boolean => {
    if (i === p.length) return j === k.length;
    if (p[i] === '#') return match(i + 1, j) || (j < k.length && match(i, j + 1));
    if (j === k.length) return false;
    return (p[i] === '*' || p[i] === k[j]) && match(i + 1, j + 1);
  };
  return match(0, 0);
}
