import { SCHEMA_VERSION, parseGatewayEvent } from '@shelflife/contracts';
import { encodeEnvelope } from '@shelflife/bus';
import type { Options } from 'amqplib';
import { buildCatalog, generateSession, seededRandom } from '@shelflife/shopper-sim';

export interface PrebuiltMessage {
  routingKey: string;
  body: Buffer;
  options: Options.Publish;
}

/**
 * Messages as the collector publishes them: shopper-sim events, parsed the way the gateway parses them,
 * wrapped by encodeEnvelope, one event per message (a bundle of one: routing key `event.<type>`, headers) and sent with the publish
 * options of libs/bus's AmqpBus (persistent, JSON, messageId). Built once: the benchmark measures the
 * broker, not the cost of making messages. With `padToBytes` > 0 each body gets a `padding` field so it is
 * about that long (nothing in the benchmark decodes it).
 */
export function buildBrokerMessages(count: number, padToBytes: number, exchange = 'unused'): PrebuiltMessage[] {
  const random = seededRandom(11);
  const catalog = buildCatalog();
  const messages: PrebuiltMessage[] = [];
  while (messages.length < count) {
    for (const raw of generateSession(random, catalog)) {
      const parsed = parseGatewayEvent(raw);
      if (!parsed.ok) throw new Error(`shopper-sim made an invalid event: ${JSON.stringify(parsed.problems)}`);
      const envelope = { schemaVersion: SCHEMA_VERSION, eventId: parsed.event.eventId, ingestedAt: Date.now(), event: parsed.event };
      const message = encodeEnvelope(exchange, envelope);
      let body = message.body;
      if (padToBytes > body.length) {
        // A bundle of one: the padding goes into its one item.
        const [item] = JSON.parse(body.toString('utf8')) as Record<string, unknown>[];
        item!.padding = 'x'.repeat(Math.max(0, padToBytes - body.length - '"padding":"",'.length));
        body = Buffer.from(JSON.stringify([item]));
      }
      messages.push({
        routingKey: message.routingKey,
        body,
        options: {
          persistent: true,
          contentType: 'application/json',
          messageId: message.messageId,
          timestamp: Math.floor(Date.now() / 1000),
          headers: message.headers,
        },
      });
    }
  }
  return messages.slice(0, count);
}
