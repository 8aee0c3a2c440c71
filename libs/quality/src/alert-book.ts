import type { Alert, AlertChange, AlertDraft } from './alert';

export interface AlertBookState {
  sequence: number;
  /** Active alerts by signal key (kind + where), so that one condition holds one alert. */
  active: Map<string, Alert>;
  currencies: Map<string, string>;
  cleared: Alert[];
}

export function newAlertBookState(): AlertBookState {
  return { sequence: 0, active: new Map(), currencies: new Map(), cleared: [] };
}

/** Turns detector signals into alerts: one active alert per signal key, raised once, cleared once. */
export class AlertBook {
  constructor(
    readonly state: AlertBookState,
    private readonly clearedKept: number,
  ) {}

  raise(key: string, draft: AlertDraft, now: number, index: number, changes: AlertChange[]): void {
    if (this.state.active.has(key)) return;
    this.state.sequence += 1;
    const alert: Alert = {
      id: `${draft.kind}:${draft.source}:${key.split('|').slice(2).join('/') || '*'}#${this.state.sequence}`,
      kind: draft.kind,
      source: draft.source,
      field: draft.field,
      eventType: draft.eventType,
      cause: draft.cause,
      confidence: draft.confidence,
      raisedAt: now,
      firstAffectedEventIndex: draft.firstAffectedEventIndex,
      firstAffectedEventId: draft.firstAffectedEventId,
      raisedAtEventIndex: index,
      sampleProductIds: draft.sampleProductIds.slice(0, 5),
      detail: draft.detail,
      active: true,
    };
    this.state.active.set(key, alert);
    if (draft.currency) this.state.currencies.set(alert.id, draft.currency);
    changes.push({ change: 'raised', alert: { ...alert } });
  }

  clear(key: string, now: number, detail: Record<string, unknown>, changes: AlertChange[]): void {
    const alert = this.state.active.get(key);
    if (!alert) return;
    this.state.active.delete(key);
    this.state.currencies.delete(alert.id);
    const cleared: Alert = { ...alert, active: false, clearedAt: now, detail: { ...alert.detail, ...detail } };
    this.state.cleared.push(cleared);
    if (this.state.cleared.length > this.clearedKept) this.state.cleared.splice(0, this.state.cleared.length - this.clearedKept);
    changes.push({ change: 'cleared', alert: { ...cleared } });
  }

  /** True when an active alert of this kind on this condition already covers the source. */
  covers(kind: string, source: string, condition: string): boolean {
    for (const alert of this.state.active.values()) {
      if (alert.kind === kind && alert.detail.condition === condition && (alert.source === source || alert.source === '*')) return true;
    }
    return false;
  }

  isActive(key: string): boolean {
    return this.state.active.has(key);
  }

  currencyOf(alertId: string): string | undefined {
    return this.state.currencies.get(alertId);
  }

  activeAlerts(): Alert[] {
    return [...this.state.active.values()].map((alert) => ({ ...alert }));
  }

  clearedAlerts(): Alert[] {
    return this.state.cleared.map((alert) => ({ ...alert }));
  }
}

/** Signal keys: kind|source|scope..., where scope names the type, field or currency. */
export function signalKey(kind: string, source: string, ...scope: string[]): string {
  return [kind, source, ...scope].join('|');
}
