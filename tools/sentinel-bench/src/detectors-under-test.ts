import { QualityMonitor, seededRandom, viewOfGatewayJson, type Alert, type AlertKind } from '@shelflife/quality';
import { DeequRateOfChangeCheck, StaticRangeCheck, WhylogsKsCheck, type BaselineCheck } from './baselines';

/** One contender in the harness: the sentinel or a baseline, fed the same events. */
export interface Contender {
  readonly name: string;
  /** Alert kinds raised at this event (baselines say "alarm"). */
  observe(raw: Record<string, unknown>, ingestedAt: number, warm: boolean): string[];
}

export const SENTINEL = 'sentinel';

export class SentinelContender implements Contender {
  readonly name = SENTINEL;
  readonly monitor = new QualityMonitor();
  /** The alerts raised by the last observed event (the harness reads what they say). */
  raised: Alert[] = [];

  observe(raw: Record<string, unknown>, ingestedAt: number): AlertKind[] {
    this.raised = [];
    for (const change of this.monitor.observe(viewOfGatewayJson(raw, ingestedAt)))
      if (change.change === 'raised') this.raised.push(change.alert);
    return this.raised.map((alert) => alert.kind);
  }
}

/**
 * A baseline alarm counts once per episode: after it fires it stays quiet until a whole window has
 * passed without a violation, as an alerting rule with a resolve period would.
 */
class BaselineContender implements Contender {
  private quietSince = Number.POSITIVE_INFINITY;
  private inAlarm = false;

  constructor(
    private readonly check: BaselineCheck,
    private readonly resolveAfterEvents = 1000,
  ) {}

  get name(): string {
    return this.check.name;
  }

  observe(raw: Record<string, unknown>, ingestedAt: number, warm: boolean): string[] {
    const alarm = this.check.observe(raw, ingestedAt, warm);
    if (alarm) {
      this.quietSince = 0;
      if (this.inAlarm) return [];
      this.inAlarm = true;
      return ['alarm'];
    }
    if (this.inAlarm && ++this.quietSince >= this.resolveAfterEvents) this.inAlarm = false;
    return [];
  }
}

export function contenders(seed: number): Contender[] {
  return [
    new SentinelContender(),
    new BaselineContender(new StaticRangeCheck()),
    new BaselineContender(new DeequRateOfChangeCheck()),
    new BaselineContender(new WhylogsKsCheck(seededRandom(seed ^ 0x5eed))),
  ];
}
