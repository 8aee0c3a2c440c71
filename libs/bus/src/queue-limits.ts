import type { Topology } from './topology';

/**
 * How much a work queue may hold before the broker refuses new publishes. With `reject-publish` the
 * broker nacks the publish that would overflow a queue, so the collector answers UNAVAILABLE and the
 * shop gets 503 (and retries with the same eventId) instead of a 202 for an event that the broker
 * then drops. A stalled consumer (a slow store, a stopped scorer) thus fills a bounded queue, never
 * the broker's memory or disk.
 */
export interface QueueLimits {
  /** Messages a work queue holds at most. */
  maxLength: number;
  /** Bytes of message bodies a work queue holds at most. */
  maxLengthBytes: number;
}

/** ~16 minutes of backlog at 1,000 events/s of ~0.5 KB each, per work queue: sized in the README. */
export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxLength: 1_000_000, maxLengthBytes: 512 * 1024 * 1024 };

/** The limits from the common settings (SHELFLIFE_QUEUE_MAX_LENGTH, SHELFLIFE_QUEUE_MAX_BYTES). */
export function queueLimitsFrom(settings: { queueMaxLength: number; queueMaxBytes: number }): QueueLimits {
  return { maxLength: settings.queueMaxLength, maxLengthBytes: settings.queueMaxBytes };
}

/**
 * The queues that get limits: the event work queues. The dead-letter queue keeps everything it is
 * given; the scorer's stream has a retention instead (stream-retention.ts) and never refuses a publish.
 */
export function limitedQueues(names: Topology): string[] {
  return [names.queues.archiveEvents, names.queues.sentinelEvents];
}

/** Arguments a newly declared work queue carries (an existing queue keeps its own: see queueLimitPolicy). */
export function queueLimitArguments(limits: QueueLimits): Record<string, unknown> {
  return { 'x-max-length': limits.maxLength, 'x-max-length-bytes': limits.maxLengthBytes, 'x-overflow': 'reject-publish' };
}

export interface QueuePolicy {
  name: string;
  pattern: string;
  applyTo: 'queues';
  priority: number;
  definition: Record<string, string | number>;
}

/**
 * The same limits as a RabbitMQ policy. RabbitMQ refuses to redeclare an existing queue with new
 * arguments, so a deployment that predates the limits gets them from this policy instead (no queue is
 * deleted, no message lost). Where both a policy and an argument set a length, the broker applies the
 * lower one.
 */
export function queueLimitPolicy(names: Topology, limits: QueueLimits): QueuePolicy {
  const escaped = limitedQueues(names).map((queue) => queue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return {
    name: `${names.prefix}-queue-limits`,
    pattern: `^(${escaped.join('|')})$`,
    applyTo: 'queues',
    priority: 10,
    definition: { 'max-length': limits.maxLength, 'max-length-bytes': limits.maxLengthBytes, overflow: 'reject-publish' },
  };
}

/** The `rabbitmqctl set_policy` arguments for a policy (tools and tests apply it this way). */
export function setPolicyArgs(policy: QueuePolicy, vhost = '/'): string[] {
  return [
    'set_policy',
    '-p',
    vhost,
    '--apply-to',
    policy.applyTo,
    '--priority',
    String(policy.priority),
    policy.name,
    policy.pattern,
    JSON.stringify(policy.definition),
  ];
}
