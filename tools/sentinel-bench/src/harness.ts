import { seededRandom } from '@shelflife/quality';
import { contenders, SentinelContender } from './detectors-under-test';
import type { Catalog } from './retail-catalog';
import type { Scenario } from './scenarios';
import { ShopStream, type GeneratedEvent } from './shop-stream';

export interface Detection {
  /** Events of the affected sources from the change to the first alarm, inclusive; undefined when missed. */
  events?: number;
  seconds?: number;
  /** Alarms raised after the change (for normal changes: false alarms). */
  alarms: number;
  /** Alarms during the warm-up, before anything was injected. */
  warmupAlarms: number;
  /** Sentinel only, for a fault with `names`: whether the catching alert named the source and cause. */
  named?: boolean;
  /** Sentinel only: "source: cause" of the catching alert (the first run's is printed). */
  said?: string;
  /** Sentinel only: "kind source" of the first alarms after the change (for a normal change, what was false). */
  firstAlarms?: string[];
}

export interface RunSettings {
  warmupEvents: number;
  postEvents: number;
}

const RECENT_EVENTS = 1000;

/** Runs one scenario on one seed: warm-up, then the change at a random point, then postEvents events. */
export function runScenario(catalog: Catalog, scenario: Scenario, seed: number, settings: RunSettings): Map<string, Detection> {
  const stream = new ShopStream(catalog, seed);
  const random = seededRandom(seed * 7919 + 17);
  const all = contenders(seed);
  const results = new Map(all.map((c) => [c.name, { alarms: 0, warmupAlarms: 0 } as Detection]));
  // The change lands at a random point after the warm-up, so that it meets the detectors in any state.
  const warmupEvents = scenario.warmupEvents ?? settings.warmupEvents;
  const warmup = warmupEvents + Math.floor(random() * (warmupEvents / 4));
  for (let i = 0; i < warmup; i++) {
    const event = stream.next();
    for (const c of all) if (c.observe(event.raw, event.ingestedAt, true).length > 0) results.get(c.name)!.warmupAlarms += 1;
  }
  scenario.begin?.(stream);
  const start = stream.now;
  const recent: GeneratedEvent[] = [];
  let affected = 0;
  const postEvents = scenario.postEvents ?? settings.postEvents;
  for (let i = 0; i < postEvents; i++) {
    const generated = stream.next();
    // The transform works on a copy: the generator's own redeliveries must resend what it first sent.
    const events = scenario.transform
      ? scenario.transform(copyEvent(generated), random, recent, generated.ingestedAt - start)
      : [generated];
    recent.push(generated);
    if (recent.length > RECENT_EVENTS) recent.shift();
    for (const event of events) {
      if (scenario.affects(event.source)) affected += 1;
      for (const c of all) {
        const kinds = c.observe(event.raw, event.ingestedAt, false);
        if (kinds.length === 0) continue;
        const result = results.get(c.name)!;
        result.alarms += kinds.length;
        if (c instanceof SentinelContender) {
          result.firstAlarms ??= [];
          for (const alert of c.raised)
            if (result.firstAlarms.length < 3)
              result.firstAlarms.push(`${alert.kind} ${alert.source}/${alert.eventType} ${String(alert.detail.condition ?? '')}`);
        }
        const catching = c instanceof SentinelContender ? c.raised.find((alert) => scenario.expected.includes(alert.kind)) : undefined;
        const counts = !(c instanceof SentinelContender) || catching !== undefined;
        if (scenario.fault && counts && result.events === undefined) {
          result.events = Math.max(1, affected);
          result.seconds = (event.ingestedAt - start) / 1000;
          if (catching) {
            result.said = `${catching.source}: ${catching.cause}`;
            if (scenario.names) result.named = scenario.names.test(result.said);
          }
        }
      }
    }
  }
  return results;
}

export interface CleanResult {
  events: number;
  alarms: Map<string, number>;
  firstAlarms: Map<string, string[]>;
  seconds: number;
}

/** A long clean stream: every alarm after the warm-up is false. */
export function runClean(
  catalog: Catalog,
  seed: number,
  events: number,
  warmupEvents: number,
  progress?: (done: number) => void,
): CleanResult {
  const stream = new ShopStream(catalog, seed);
  const all = contenders(seed);
  const alarms = new Map(all.map((c) => [c.name, 0]));
  const firstAlarms = new Map(all.map((c) => [c.name, [] as string[]]));
  const started = Date.now();
  for (let i = 0; i < events; i++) {
    const event = stream.next();
    const warm = i < warmupEvents;
    for (const c of all) {
      const kinds = c.observe(event.raw, event.ingestedAt, warm);
      if (kinds.length === 0 || warm) continue;
      alarms.set(c.name, alarms.get(c.name)! + kinds.length);
      const first = firstAlarms.get(c.name)!;
      if (first.length < 5) first.push(`${kinds.join(',')}@${i}`);
    }
    if (progress && (i + 1) % 1_000_000 === 0) progress(i + 1);
  }
  return { events: events - warmupEvents, alarms, firstAlarms, seconds: (Date.now() - started) / 1000 };
}

function copyEvent(event: GeneratedEvent): GeneratedEvent {
  const raw = { ...event.raw };
  if (raw.price && typeof raw.price === 'object') raw.price = { ...(raw.price as object) };
  return { ...event, raw };
}
