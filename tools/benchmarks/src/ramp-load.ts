/**
 * The open-loop load of bench:ramp: POST /v1/events in batches at an offered rate and GET
 * /v1/recommendations at a fixed rate, whatever the answers. Nothing is retried (a retry would change
 * the offered load); every answer is counted by status and error code, and every event id answered 202
 * is kept for the loss check. Built to be cheap: it shares two cores with the pipeline it measures.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { buildCatalog, generateSession, seededRandom, percentile } from '@shelflife/shopper-sim';

// Plain keep-alive http (fetch costs several times the CPU per request, see pipeline-bench). Enough
// sockets that an open-loop burst against a slow gateway queues at the gateway, not in this agent.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
/** A request not answered by then counts as a timeout (a hung gateway must not hang the benchmark). */
const REQUEST_TIMEOUT_MS = 10_000;

interface Answer {
  status: number;
  text: string;
}

function request(url: string, method: 'GET' | 'POST', body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/**
 * Shopper-sim events as JSON with the eventId and occurredAt cut out: a body is these pieces joined with a
 * fresh UUID and the current time, so ids are unique (the loss check needs that) without generating and
 * serialising sessions on the hot path.
 */
export class EventBodies {
  private readonly tails: string[] = [];
  private next = 0;

  constructor(templates = 20_000, seed = 7) {
    const random = seededRandom(seed);
    const catalog = buildCatalog();
    while (this.tails.length < templates) {
      for (const event of generateSession(random, catalog)) {
        const { eventId: _id, occurredAt: _at, ...rest } = event;
        this.tails.push(JSON.stringify(rest).slice(1)); // without the opening brace
      }
    }
  }

  /** A `{"events":[...]}` body of n events and their ids. */
  batch(n: number): { body: string; ids: string[] } {
    const at = new Date().toISOString();
    const ids: string[] = [];
    const parts: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const id = randomUUID();
      ids.push(id);
      parts.push(`{"eventId":"${id}","occurredAt":"${at}",${this.tails[this.next]!}`);
      this.next = (this.next + 1) % this.tails.length;
    }
    return { body: `{"events":[${parts.join(',')}]}`, ids };
  }
}

export interface StepLoad {
  eventsPerSec: number;
  recsPerSec: number;
  seconds: number;
  batch: number;
}

export interface StepCounts {
  seconds: number;
  offeredEventsPerSec: number;
  postRequests: number;
  acceptedEvents: number;
  /** 503 answers per error code (GATEWAY_OVERLOADED, PIPELINE_UNAVAILABLE, ...). */
  unavailable: Record<string, number>;
  /** Any other status, by status, plus connection errors and timeouts. */
  otherErrors: Record<string, number>;
  postMs: { p50: number; p99: number };
  getMs: { p50: number; p99: number };
  gets: number;
  fallbackShare: number;
  getErrors: number;
}

/** Drives one step; ids answered 202 (less any the gateway listed as rejected) go into `acceptedIds`. */
export async function driveStep(
  gatewayUrl: string,
  bodies: EventBodies,
  load: StepLoad,
  acceptedIds: string[],
  catalogAnchors: string[],
): Promise<StepCounts> {
  const post: number[] = [];
  const get: number[] = [];
  const unavailable: Record<string, number> = {};
  const otherErrors: Record<string, number> = {};
  let acceptedEvents = 0;
  let postRequests = 0;
  let fallbacks = 0;
  let getErrors = 0;
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const bump = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };

  const postEvery = 1000 / (load.eventsPerSec / load.batch);
  const getEvery = load.recsPerSec > 0 ? 1000 / load.recsPerSec : Infinity;
  const started = performance.now();
  const until = started + load.seconds * 1000;
  let nextPost = started;
  let nextGet = started;
  let anchor = 0;
  while (performance.now() < until) {
    const now = performance.now();
    while (load.eventsPerSec > 0 && nextPost <= now) {
      // Latency from the moment the request was due, not sent: a late driver must not hide a slow gateway.
      const due = nextPost;
      nextPost += postEvery;
      const { body, ids } = bodies.batch(load.batch);
      postRequests += 1;
      track(
        request(`${gatewayUrl}/v1/events`, 'POST', body).then(
          (r) => {
            post.push(performance.now() - due);
            if (r.status === 202) {
              const rejected = r.text.includes('"rejected":[]')
                ? []
                : ((JSON.parse(r.text) as { rejected?: { eventId: string }[] }).rejected ?? []).map((x) => x.eventId);
              const kept = rejected.length === 0 ? ids : ids.filter((id) => !rejected.includes(id));
              for (const id of kept) acceptedIds.push(id);
              acceptedEvents += kept.length;
            } else if (r.status === 503) bump(unavailable, errorCode(r.text));
            else bump(otherErrors, `http_${r.status}`);
          },
          (error: Error) => {
            post.push(performance.now() - due);
            bump(
              otherErrors,
              /timeout/.test(error.message) ? 'timeout' : `connection:${(error as NodeJS.ErrnoException).code ?? error.message}`,
            );
          },
        ),
      );
    }
    while (nextGet <= now) {
      const due = nextGet;
      nextGet += getEvery;
      const productId = catalogAnchors[anchor++ % catalogAnchors.length]!;
      track(
        request(`${gatewayUrl}/v1/recommendations?productId=${productId}&limit=10`, 'GET').then(
          (r) => {
            get.push(performance.now() - due);
            if (r.status !== 200) getErrors += 1;
            else if (r.text.includes('"source":"fallback"')) fallbacks += 1;
          },
          () => {
            get.push(performance.now() - due);
            getErrors += 1;
          },
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all([...pending]);
  post.sort((a, b) => a - b);
  get.sort((a, b) => a - b);
  const ms = (v: number[], q: number) => (v.length ? +percentile(v, q).toFixed(1) : NaN);
  return {
    seconds: +elapsed.toFixed(2),
    offeredEventsPerSec: Math.round((postRequests * load.batch) / elapsed),
    postRequests,
    acceptedEvents,
    unavailable,
    otherErrors,
    postMs: { p50: ms(post, 0.5), p99: ms(post, 0.99) },
    getMs: { p50: ms(get, 0.5), p99: ms(get, 0.99) },
    gets: get.length,
    fallbackShare: get.length ? +(fallbacks / get.length).toFixed(3) : NaN,
    getErrors,
  };
}

function errorCode(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? 'no_code';
  } catch {
    return 'not_json';
  }
}

/** The products the GETs ask about (the catalog's anchors, as pipeline-bench does). */
export function anchorIds(): string[] {
  return buildCatalog().anchors.map((a) => a.id);
}
