import type { Request, Response } from 'express';
import { Outcome, eventTimeStatus, parseGatewayEvent, type EventTimeOptions, type ShopEvent } from '@shelflife/contracts';
import { metrics, type Logger } from '@shelflife/telemetry';
import { CollectorUnavailableError, GatewayOverloadedError, type CollectorForwarder } from './collector-forwarder';
import { quotingTrace, sendError, type ErrorDetail } from './http-errors';
import { callerOf } from './ingest-keys';
import { OVERLOAD_RETRY_AFTER_S, overloadedMessage } from './intake-admission';
import type { RecentPopularity } from './recent-popularity';

/** A pipeline fault (collector down, broker refusing or full) lasts longer than a burst: retry a little later. */
const PIPELINE_RETRY_AFTER_S = 2;

/**
 * POST /v1/events: one event or {"events": [...]}. 202 means every accepted event was confirmed by
 * the broker (through the collector) within the deadline; otherwise 503, and the client retries with
 * the same eventIds (idempotent all the way down).
 */
export function eventsRoute(deps: {
  forwarder: CollectorForwarder;
  popularity: RecentPopularity;
  maxEvents: number;
  ackDeadlineMs: number;
  eventTime: Required<EventTimeOptions>;
  logger: Logger;
}) {
  return async (request: Request, response: Response): Promise<void> => {
    const m = metrics();
    const body: unknown = request.body;
    if (!request.is('application/json')) {
      return sendError(
        response,
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type "${request.headers['content-type'] ?? ''}" is not accepted; send the events as application/json`,
      );
    }
    const raw: unknown[] = isBatch(body) ? body.events : [body];
    if (raw.length === 0) return sendError(response, 400, 'INVALID_EVENT', '"events" is empty; send at least one event');
    if (raw.length > deps.maxEvents) {
      return sendError(response, 413, 'TOO_MANY_EVENTS', `at most ${deps.maxEvents} events per request; split the batch`);
    }
    // With ingest keys, the key's source is the events' source: an event naming another is refused
    // whole (403), before anything else is checked; one naming none gets the key's.
    const caller = callerOf(response);
    if (caller) {
      const mismatches: ErrorDetail[] = [];
      raw.forEach((item, index) => {
        const named = typeof item === 'object' && item !== null ? (item as { source?: unknown }).source : undefined;
        if (named !== undefined && named !== null && named !== '' && named !== caller.source) {
          mismatches.push({
            index,
            field: 'source',
            problem: `names source ${JSON.stringify(String(named).slice(0, 64))}, but the key is source "${caller.source}"'s`,
          });
        }
      });
      if (mismatches.length > 0) {
        m.gatewayAuthRefused.inc({ reason: 'source_mismatch' });
        const first = mismatches[0]!;
        return sendError(
          response,
          403,
          'SOURCE_MISMATCH',
          `${raw.length > 1 ? `event ${first.index} ` : 'the event '}${first.problem}: send each source's events with that source's key, or leave source out (the key sets it)`,
          mismatches.slice(0, 50),
        );
      }
    }
    const events: ShopEvent[] = [];
    const details: ErrorDetail[] = [];
    let code = 'INVALID_EVENT';
    // One receiving clock per request: every event of it is judged against the same instant.
    const receivedAt = Date.now();
    let late = 0;
    raw.forEach((item, index) => {
      const parsed = parseGatewayEvent(item, { receivedAt, maxFutureSkewMs: deps.eventTime.maxFutureSkewMs });
      if (parsed.ok) {
        events.push(caller ? { ...parsed.event, source: caller.source } : parsed.event);
        if (eventTimeStatus(parsed.event.occurredAt, receivedAt, deps.eventTime) === 'late') late += 1;
      } else {
        if (parsed.code === 'UNKNOWN_EVENT_TYPE') code = parsed.code;
        for (const p of parsed.problems) details.push({ index, field: p.field, problem: p.problem });
      }
    });
    if (details.length > 0) {
      // All or nothing: a partly accepted batch would leave the client unsure what to resend.
      m.rejected.inc({ stage: 'gateway', reason: code.toLowerCase() }, raw.length);
      const first = details[0]!;
      return sendError(
        response,
        400,
        code,
        `${raw.length > 1 ? `event ${first.index}: ` : ''}${first.field ? `${first.field} ` : ''}${first.problem}`,
        details.slice(0, 50),
      );
    }
    try {
      const outcomes = await deps.forwarder.submit(events, Date.now() + deps.ackDeadlineMs);
      const accepted = outcomes.filter((o) => o.outcome === Outcome.OUTCOME_ACCEPTED).length;
      const duplicates = outcomes.filter((o) => o.outcome === Outcome.OUTCOME_DUPLICATE).length;
      const rejected = outcomes
        .filter((o) => o.outcome === Outcome.OUTCOME_REJECTED)
        .map((o) => ({ eventId: o.eventId, reason: o.reason }));
      for (const event of events) deps.popularity.record(event);
      m.events.inc({ stage: 'gateway', outcome: 'accepted' }, accepted);
      m.events.inc({ stage: 'gateway', outcome: 'duplicate' }, duplicates);
      if (late > 0) m.events.inc({ stage: 'gateway', outcome: 'late' }, late);
      response.status(202).json({ accepted, duplicates, rejected, eventIds: events.map((e) => e.eventId) });
    } catch (error) {
      if (error instanceof GatewayOverloadedError) {
        // Expected in a spike and answered at once: counted, and logged at debug only (a flood of lines would add to the load).
        m.events.inc({ stage: 'gateway', outcome: 'overloaded' }, events.length);
        m.gatewayShed.inc({ reason: 'events' });
        deps.logger.debug({ err: error.message, events: events.length }, 'events refused: the gateway is full; answering 503');
        return sendError(response, 503, 'GATEWAY_OVERLOADED', overloadedMessage(response), [], OVERLOAD_RETRY_AFTER_S);
      }
      m.events.inc({ stage: 'gateway', outcome: 'unavailable' }, events.length);
      if (error instanceof CollectorUnavailableError) {
        // The cause (a gRPC status, an address) is for the operator: the log line, with the trace id the answer quotes.
        deps.logger.warn({ err: error.message, events: events.length }, 'events not confirmed; answering 503');
        return sendError(
          response,
          503,
          'PIPELINE_UNAVAILABLE',
          `the events were not confirmed by the pipeline; nothing is lost: retry after ${PIPELINE_RETRY_AFTER_S} s with the same eventIds, and if it persists report the trace id${quotingTrace(response)}`,
          [],
          PIPELINE_RETRY_AFTER_S,
        );
      }
      throw error;
    }
  };
}

function isBatch(body: unknown): body is { events: unknown[] } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && Array.isArray((body as { events?: unknown }).events);
}
