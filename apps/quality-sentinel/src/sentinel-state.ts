import { randomUUID } from 'node:crypto';
import { QualityMonitor, type QualitySnapshot } from '@shelflife/quality';
import { DuplicateKeyError, type Store } from '@shelflife/store';
import { SENTINEL_STATE } from '@shelflife/quality-gates';

// One definition of the quarantine's collection and documents, shared with the CLI and the console.
export { QUARANTINED_EVENTS, type QuarantinedEvent } from '@shelflife/quality-gates';

/**
 * One write of the saved monitor. Every write gets a new revision; a replica remembers the revision its
 * in-memory monitor builds on, and writes only on top of it (compare and set), so that a replica that
 * no longer owns the state cannot overwrite what its successor saved.
 */
export interface StateVersion {
  /** Empty for a document an earlier version (without revisions) saved. */
  revision: string;
  /** The replica that wrote it. */
  savedBy: string;
  savedAt: number;
}

interface MonitorDocument extends Record<string, unknown> {
  _id: string;
  /** JSON text, as SentinelStateDocument keeps it (learned state has keys MongoDB would not accept). */
  json: string;
  savedAt: number;
  savedBy?: string;
  revision?: string;
}

const MONITOR_ID = 'monitor';

/** Learned baselines and alerts survive restarts and takeovers: a sentinel that forgets would start blind. */
export class MonitorState {
  constructor(private readonly store: Store) {}

  private get documents() {
    return this.store.collection<MonitorDocument>(SENTINEL_STATE);
  }

  /** The saved monitor and the version it is (none saved yet: a new monitor, no version). */
  async load(): Promise<{ monitor: QualityMonitor; version?: StateVersion }> {
    const saved = await this.documents.findOne({ _id: MONITOR_ID });
    if (!saved) return { monitor: new QualityMonitor() };
    return { monitor: QualityMonitor.fromSnapshot(JSON.parse(saved.json) as QualitySnapshot), version: versionOf(saved) };
  }

  /** Which write is saved now, without reading the (megabytes of) state itself. */
  async version(): Promise<StateVersion | undefined> {
    const saved = await this.documents.findOne({ _id: MONITOR_ID }, { projection: { json: 0 } });
    return saved ? versionOf(saved) : undefined;
  }

  /**
   * Saves the monitor on top of `basis`: only when the stored state is still that version. Returns the
   * new version, or undefined (nothing written) when another replica wrote since.
   */
  save(monitor: QualityMonitor, owner: string, basis: StateVersion | undefined): Promise<StateVersion | undefined> {
    return this.write(JSON.stringify(monitor.toSnapshot()), owner, basis);
  }

  /**
   * Marks the stored state `basis` as this replica's (a takeover) without rewriting its megabytes;
   * compare and set like save. Undefined when another replica wrote since.
   */
  claim(owner: string, basis: StateVersion): Promise<StateVersion | undefined> {
    return this.write(undefined, owner, basis);
  }

  private async write(json: string | undefined, owner: string, basis: StateVersion | undefined): Promise<StateVersion | undefined> {
    const version: StateVersion = { revision: randomUUID(), savedBy: owner, savedAt: Date.now() };
    const set = json === undefined ? version : { json, ...version };
    if (basis !== undefined && basis.revision !== '') {
      const result = await this.documents.updateOne({ _id: MONITOR_ID, revision: basis.revision }, { $set: set });
      return result.matched > 0 ? version : undefined;
    }
    // Nothing saved yet, or a document of an earlier version (no revision): whoever writes first owns it.
    // Only a full save may create the document (a claim of nothing would leave one without state).
    try {
      const result = await this.documents.updateOne(
        { _id: MONITOR_ID, revision: { $exists: false } },
        { $set: set },
        { upsert: json !== undefined },
      );
      return result.matched > 0 || result.upserted ? version : undefined;
    } catch (error) {
      if (error instanceof DuplicateKeyError) return undefined; // another replica saved one with a revision first
      throw error;
    }
  }
}

function versionOf(saved: MonitorDocument): StateVersion {
  return { revision: saved.revision ?? '', savedBy: saved.savedBy ?? '', savedAt: saved.savedAt };
}

export function sameVersion(a: StateVersion | undefined, b: StateVersion | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.revision === b.revision && a.savedAt === b.savedAt;
}
