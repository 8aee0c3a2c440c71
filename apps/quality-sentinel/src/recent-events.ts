import type { ShopEvent } from '@shelflife/contracts';
import type { QuarantineKey } from '@shelflife/quality';

export interface RecentEvent {
  eventId: string;
  event: ShopEvent;
  ingestedAt: number;
  key: QuarantineKey;
}

/**
 * The last events the sentinel saw, oldest first, bounded. An alert is raised a few events after its first
 * affected event; those first events were learned by the scorer (which takes them back on the verdict) and
 * must be kept with the later ones, or a person who finds the alert false could not replay them.
 */
export class RecentEvents {
  private readonly ring: (RecentEvent | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`RecentEvents capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<RecentEvent | undefined>(capacity);
  }

  push(entry: RecentEvent): void {
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Forgets every event (a replica taking over: what it saw before is not the stream its new state was learned from). */
  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
  }

  /**
   * The events from `eventId` on (oldest first) that `match` accepts; from the oldest held when the id has
   * already left the window (then `complete` is false: earlier affected events are no longer here).
   */
  since(eventId: string, match: (entry: RecentEvent) => boolean): { events: RecentEvent[]; complete: boolean } {
    const ordered: RecentEvent[] = [];
    for (let i = 0; i < this.size; i++) ordered.push(this.ring[(this.next - this.size + i + this.capacity) % this.capacity]!);
    let start = -1;
    for (let i = ordered.length - 1; i >= 0; i--) {
      if (ordered[i]!.eventId === eventId) {
        start = i;
        break;
      }
    }
    return { events: ordered.slice(Math.max(start, 0)).filter(match), complete: start >= 0 };
  }
}
