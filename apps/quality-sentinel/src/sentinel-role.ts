import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EventBus, MessageHandler } from '@shelflife/bus';
import { metrics, type Logger } from '@shelflife/telemetry';
import type { SentinelCore } from './sentinel-core';
import { sameVersion, type MonitorState, type StateVersion } from './sentinel-state';

export type Role = 'active' | 'standby';

export interface SentinelRoleOptions {
  core: SentinelCore;
  state: MonitorState;
  bus: Pick<EventBus, 'isConnected'>;
  logger: Logger;
  /** The saved version the core's monitor was loaded from (none: nothing saved yet). */
  basis: StateVersion | undefined;
  /** Baselines are saved this often while active (SHELFLIFE_SENTINEL_SAVE_INTERVAL_MS). */
  saveIntervalMs: number;
  /** The in-process bus has one consumer per queue: that sentinel is the only one, active from the start. */
  activeAtStart: boolean;
  replicaId?: string;
  /** The time-driven rules run this often on the active replica (the standby refreshes its view as often). */
  tickMs?: number;
  /** How often the active replica looks at its broker connection. */
  connectionCheckMs?: number;
  /** Saves after alert changes are at least this far apart. */
  minSaveSpacingMs?: number;
  onChange?: (role: Role) => void;
}

/**
 * Whether this sentinel replica is the active one, and what follows from it.
 *
 * The sentinel's queue has a single active consumer: with several replicas the broker delivers to one,
 * the others wait and one of them gets the deliveries when the active one's channel goes. AMQP 0-9-1
 * does not tell a consumer that it became active, so it is inferred:
 *
 * - A replica becomes active when it receives an event while standby. Before handling it, it loads the
 *   state (baselines, active and recently cleared alerts) from the store unless the store still holds
 *   the version its own monitor is built on, and claims that version (compare and set) so that the
 *   previous active replica, if still running, sees it was replaced.
 * - It stays active until it loses its broker connection (its consumer goes with it and the broker
 *   hands over), another replica writes the state (it took over: the consumer channel went some other
 *   way), or it stops. Silence does not demote it: an idle stream looks the same to the active replica
 *   and to a standby, and demoting on silence would stop the volume-drop rules exactly when traffic
 *   stops. A replica that got its connection back is standby until it receives an event again.
 * - Only the active replica runs the time-driven rules (tick: volume drops, verdict repeats) and saves.
 *   A standby never ticks before its first delivery: its monitor does not see the stream, and ticks on
 *   it would raise volume drops for traffic that is flowing to the other replica, or clear alerts from
 *   stale state. The cost: when the active replica goes while traffic has stopped, no replica runs the
 *   time-driven rules until events come back (alerts already raised stay in the store and are taken
 *   over with it); `sum(shelflife_sentinel_active) == 0` for minutes says so.
 * - A standby never writes the state (its copy is older than the active one's) and refreshes its copy
 *   from the store whenever the active replica saved, to answer ListAlerts and WatchAlerts with it.
 *
 * Saving: the snapshot is megabytes (0.6 MB after 10k events, 4.6 MB after 100k, 6.6 MB after 250k with
 * 5,000 products), serialised on the event loop in 50-80 ms and written whole. So the active replica
 * saves (1) as soon as alerts were raised or cleared, at most once a second: alert state is exact
 * across a takeover (the next replica neither raises an alert again nor forgets a clear), and alert
 * changes are rare; (2) every saveIntervalMs (30 s by default) for the baselines: a crash loses at most
 * that much learning, which baselines with horizons of 200,000 events or hours barely notice, while a
 * 5 s interval would cost a multi-megabyte write and a blocked event loop six times as often;
 * (3) on stop, after its in-flight events were acked. It does not save when it loses its broker
 * connection: the events it was handling then are redelivered to its successor, which would then see
 * them twice (a burst of duplicates). A lone replica that gets its connection back keeps its memory, as
 * before there were standbys.
 */
export class SentinelRole {
  readonly replicaId: string;
  /** What this replica did: takeovers, reloads (state taken from the store), ticks run, saves, refreshes. */
  readonly stats = { takeovers: 0, reloads: 0, stepDowns: 0, ticks: 0, saves: 0, refreshes: 0 };
  private current: Role;
  private basis: StateVersion | undefined;
  private serial: Promise<unknown> = Promise.resolve();
  private takingOver?: Promise<void>;
  private looping = false;
  private stopped = false;
  private lastSaveAt = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private saveTimer?: NodeJS.Timeout;

  constructor(private readonly options: SentinelRoleOptions) {
    this.replicaId = options.replicaId ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    this.basis = options.basis;
    this.current = options.activeAtStart ? 'active' : 'standby';
    options.core.reportActiveAlerts(this.current === 'active');
    metrics().sentinelActive.set(this.current === 'active' ? 1 : 0);
    options.core.onAlertChanges(() => this.saveSoon());
  }

  get role(): Role {
    return this.current;
  }

  get isActive(): boolean {
    return this.current === 'active';
  }

  /** The queue handler: a delivery to a standby makes it the active replica first. */
  guard(handler: MessageHandler): MessageHandler {
    return async (message) => {
      if (this.current !== 'active') {
        try {
          await this.takeOver();
        } catch (error) {
          // Never active on a state it could not load (the store is down): the event is retried.
          this.options.logger.warn(
            { err: (error as Error).message, replica: this.replicaId },
            'could not take over the sentinel state; the event will be retried',
          );
          throw error;
        }
      }
      return handler(message);
    };
  }

  start(): void {
    const { tickMs = 1_000, connectionCheckMs = 100, saveIntervalMs, logger } = this.options;
    this.timers.push(
      setInterval(() => void this.everyTick().catch((error: Error) => logger.warn({ err: error.message }, 'tick failed')), tickMs),
    );
    // Cheap, and frequent enough to see a connection lost even when the bus is back within a second.
    this.timers.push(
      setInterval(() => {
        if (this.current === 'active' && !this.options.bus.isConnected())
          this.transition('standby', 'lost its broker connection: the broker hands the queue to another replica');
      }, connectionCheckMs),
    );
    this.timers.push(setInterval(() => void this.save('interval'), saveIntervalMs));
  }

  /** Stops the timers (before the consumer is cancelled); `stop` then saves. */
  pause(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
  }

  /** After the consumer was cancelled (its events acked): the active replica saves, a standby writes nothing. */
  async stop(): Promise<void> {
    this.pause();
    this.stopped = true;
    await this.run(async () => {
      if (this.current !== 'active') return;
      await this.saveNow();
      this.transition('standby', 'stopped');
    });
  }

  private takeOver(): Promise<void> {
    this.takingOver ??= this.run(async () => {
      if (this.current === 'active') return;
      if (this.stopped) throw new Error('the sentinel is stopping');
      const { state, core } = this.options;
      let reloaded = false;
      let takenOver: StateVersion | undefined;
      for (let attempt = 1; ; attempt += 1) {
        if (!sameVersion(await state.version(), this.basis)) {
          const loaded = await state.load();
          core.adopt(loaded.monitor);
          this.basis = loaded.version;
          this.stats.reloads += 1;
          reloaded = true;
        }
        // Its monitor is now the stored state (loaded here, or while standby, or its own last save).
        takenOver = this.basis;
        // Nothing saved yet: the first save is the claim.
        const claimed = this.basis
          ? await state.claim(this.replicaId, this.basis)
          : await state.save(core.quality, this.replicaId, undefined);
        if (claimed) {
          this.basis = claimed;
          break;
        }
        // Another replica wrote between the load and the claim: load again.
        if (attempt === 5) throw new Error('could not take over the sentinel state: other replicas keep writing it');
      }
      this.transition('active', 'received an event: the broker made this replica the active consumer', {
        loadedAtTakeover: reloaded,
        stateSavedBy: takenOver?.savedBy,
        stateSavedAt: takenOver?.savedAt,
        eventsObserved: core.quality.eventsObserved,
        activeAlerts: core.quality.activeAlerts().length,
      });
    }).finally(() => {
      this.takingOver = undefined;
    });
    return this.takingOver;
  }

  private async everyTick(): Promise<void> {
    if (this.looping || this.stopped) return;
    this.looping = true;
    try {
      await this.run(async () => {
        const { state, core } = this.options;
        const stored = await state.version();
        if (this.current === 'active') {
          if (!sameVersion(stored, this.basis)) {
            this.transition(
              'standby',
              stored ? `replica ${stored.savedBy || '(unknown)'} wrote the state: it took over` : 'the saved state was removed',
            );
            return;
          }
          this.stats.ticks += 1;
          await core.tick();
        } else if (stored !== undefined && !sameVersion(stored, this.basis)) {
          // The active replica saved: answer reads with what it saved.
          const loaded = await state.load();
          core.adopt(loaded.monitor);
          this.basis = loaded.version;
          this.stats.refreshes += 1;
        }
      });
    } finally {
      this.looping = false;
    }
  }

  /** After alert changes, soon (at most once per minSaveSpacingMs). */
  private saveSoon(): void {
    if (this.saveTimer || this.current !== 'active' || this.stopped) return;
    const wait = Math.max(0, this.lastSaveAt + (this.options.minSaveSpacingMs ?? 1_000) - Date.now());
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save('alert changes');
    }, wait);
  }

  private save(reason: string): Promise<void> {
    return this.run(async () => {
      if (this.current === 'active' && !this.stopped) await this.saveNow();
    }).catch((error: Error) => this.options.logger.warn({ err: error.message, reason }, 'could not save baselines'));
  }

  /** Only on top of the version this replica has: a replica that was replaced finds out here at the latest. */
  private async saveNow(): Promise<void> {
    this.lastSaveAt = Date.now();
    const saved = await this.options.state.save(this.options.core.quality, this.replicaId, this.basis);
    if (saved) {
      this.basis = saved;
      this.stats.saves += 1;
    } else {
      this.transition('standby', 'another replica wrote the state: it took over (nothing saved)');
    }
  }

  private transition(to: Role, reason: string, detail: Record<string, unknown> = {}): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    if (to === 'active') this.stats.takeovers += 1;
    else this.stats.stepDowns += 1;
    this.options.core.reportActiveAlerts(to === 'active');
    metrics().sentinelActive.set(to === 'active' ? 1 : 0);
    this.options.logger.info(
      { from, to, reason, replica: this.replicaId, ...detail },
      to === 'active' ? 'sentinel replica is now active' : 'sentinel replica is now standby',
    );
    this.options.onChange?.(to);
  }

  /** Takeover, ticks, refreshes and saves one at a time: none sees the monitor swapped under it. */
  private run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.serial.then(work, work);
    this.serial = next.catch(() => undefined);
    return next;
  }
}
