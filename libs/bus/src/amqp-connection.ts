import type { ChannelModel, ConfirmChannel } from 'amqplib';
import type { Logger } from 'pino';
import { connectAmqp, type AmqpTls } from './amqp-tls';
import { redactUrl, splitAmqpUrls, withHeartbeat } from './amqp-urls';
import { amqpSocketOf, coalesceWritesPerTurn } from './write-coalescing';

export interface AmqpConnectionOptions {
  /** One URL, or several separated by commas (the nodes of a cluster): tried in turn until one answers. */
  url: string;
  /** The connection's name at the broker (what `rabbitmqctl list_connections` shows). */
  connectionName: string;
  /** Log fields that say whose connection this is. */
  logFields: Record<string, unknown>;
  logger: Logger;
  tls?: AmqpTls;
  /** On each new connection, before it counts as connected (the topology): a failure gives the connection up. */
  prepare(connection: ChannelModel): Promise<void>;
  /** On each new connection once it counts as connected (consumers, stream readers): a failure gives it up too. */
  restore(connection: ChannelModel): Promise<void>;
  /** The connection is gone: what hangs on it must let go (a reconnect follows unless closing). */
  onLost(): void;
}

/** How long declaring the topology and attaching the consumers may take on a new connection. */
const SETUP_TIMEOUT_MS = 20_000;

/**
 * The bus's one connection to RabbitMQ and its confirm channel for publishing: connects to any node of
 * the list, sets the connection up (within a time limit), and when it is lost reconnects with a growing
 * pause until closed.
 */
export class AmqpConnection {
  private connection?: ChannelModel;
  private confirmChannel?: ConfirmChannel;
  private readonly urls: string[];
  /** The node tried first on the next connect: the one that answered last, else the next in the list. */
  private urlIndex = 0;
  private closing = false;
  private reconnectTimer?: NodeJS.Timeout;
  private reconnectAttempt = 0;
  private connecting?: Promise<void>;

  constructor(private readonly options: AmqpConnectionOptions) {
    this.urls = splitAmqpUrls(options.url);
  }

  /** The live connection, for channels of their own (consumers, stream readers). */
  get model(): ChannelModel | undefined {
    return this.connection;
  }

  get publishChannel(): ConfirmChannel | undefined {
    return this.confirmChannel;
  }

  isConnected(): boolean {
    return Boolean(this.connection && this.confirmChannel);
  }

  connect(): Promise<void> {
    if (!this.connecting) {
      this.connecting = this.openConnection().finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  /** No reconnect from now on; the connection stays open for what is still being settled. */
  stopReconnecting(): void {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
  }

  /** Waits for the outstanding confirms, then closes. */
  async close(): Promise<void> {
    this.stopReconnecting();
    await this.confirmChannel?.waitForConfirms().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    this.connection = undefined;
    this.confirmChannel = undefined;
  }

  private async openConnection(): Promise<void> {
    const connection = await this.connectToAnyNode();
    if (!coalesceWritesPerTurn(amqpSocketOf(connection)))
      this.options.logger.debug('amqplib socket not found; frames are written one by one');
    connection.on('error', (error: Error) => this.options.logger.warn({ err: error.message }, 'amqp connection error'));
    connection.on('close', () => this.onConnectionLost());
    // In a cluster that has just lost a node, a declaration can wait on a queue leader that is still being
    // elected, and nothing guarantees it answers: a setup that does not finish is given up and retried (on
    // the next node) instead of leaving the service without a connection for good.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`connected to ${redactUrl(this.urls[this.urlIndex]!)} but its setup did not finish within ${SETUP_TIMEOUT_MS} ms`),
          ),
        SETUP_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.setUp(connection), timeout]);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    this.options.logger.info({ ...this.options.logFields, node: redactUrl(this.urls[this.urlIndex]!) }, 'amqp bus connected');
  }

  private async setUp(connection: ChannelModel): Promise<void> {
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error: Error) => this.options.logger.warn({ err: error.message }, 'amqp publish channel error'));
    await this.options.prepare(connection);
    this.connection = connection;
    this.confirmChannel = channel;
    this.reconnectAttempt = 0;
    await this.options.restore(connection);
  }

  /** Each node of the list in turn, from the one that answered last; fails with every node's error. */
  private async connectToAnyNode(): Promise<ChannelModel> {
    const errors: string[] = [];
    for (let tried = 0; tried < this.urls.length; tried += 1) {
      const index = (this.urlIndex + tried) % this.urls.length;
      try {
        // Named after the bus prefix and process: what `rabbitmqctl list_connections` and the management
        // UI show, and how a test closes only its own connections.
        const connection = await connectAmqp(withHeartbeat(this.urls[index]!), this.options.tls, {
          clientProperties: { connection_name: this.options.connectionName },
        });
        this.urlIndex = index;
        return connection;
      } catch (error) {
        errors.push(`${redactUrl(this.urls[index]!)}: ${(error as Error).message}`);
      }
    }
    // Next time, start with the node after the one tried first now.
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    throw new Error(`no RabbitMQ node answered (${errors.join('; ')})`);
  }

  private onConnectionLost(): void {
    const wasConnected = this.isConnected();
    this.connection = undefined;
    this.confirmChannel = undefined;
    this.options.onLost();
    if (this.closing) return;
    if (wasConnected) this.options.logger.warn('amqp connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closing) return;
    const delay = Math.min(250 * 2 ** this.reconnectAttempt, 5_000);
    this.reconnectAttempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((error: Error) => {
        this.options.logger.warn({ err: error.message, attempt: this.reconnectAttempt }, 'amqp reconnect failed; retrying');
        this.connection?.close().catch(() => undefined);
        this.connection = undefined;
        this.confirmChannel = undefined;
        this.scheduleReconnect();
      });
    }, delay);
  }
}
