import type { ConsumeMessage } from 'amqplib';
import { AckBatcher } from './ack-batcher';

const message = (tag: number) => ({ fields: { deliveryTag: tag } }) as ConsumeMessage;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function recordingChannel() {
  const sent: [number, boolean][] = [];
  return { sent, channel: { ack: (m: ConsumeMessage, allUpTo?: boolean) => void sent.push([m.fields.deliveryTag, Boolean(allUpTo)]) } };
}

it('sends the acks settled in one turn as one ack up to the newest', async () => {
  const { sent, channel } = recordingChannel();
  const acks = new AckBatcher(channel);
  const messages = [1, 2, 3, 4, 5].map(message);
  messages.forEach((m) => acks.delivered(m));
  [3, 1, 5, 2, 4].forEach((tag) => acks.ack(messages[tag - 1]!));
  expect(sent).toEqual([]); // nothing before the end of the turn
  await nextTurn();
  expect(sent).toEqual([[5, true]]);
});

it('never acks past a message still being handled, and does not hold later ones back', async () => {
  const { sent, channel } = recordingChannel();
  const acks = new AckBatcher(channel);
  const messages = [1, 2, 3, 4].map(message);
  messages.forEach((m) => acks.delivered(m));
  acks.ack(messages[0]!);
  acks.ack(messages[2]!);
  acks.ack(messages[3]!);
  await nextTurn();
  // 2 is still in its handler: 1 goes with `multiple`, 3 and 4 one by one (the prefetch window moves on).
  expect(sent).toEqual([
    [1, true],
    [3, false],
    [4, false],
  ]);
  acks.ack(messages[1]!);
  await nextTurn();
  expect(sent.at(-1)).toEqual([2, true]);
});

it('lets a nacked message stop holding back the acks after it', async () => {
  const { sent, channel } = recordingChannel();
  const acks = new AckBatcher(channel);
  const [first, second] = [message(1), message(2)];
  acks.delivered(first);
  acks.delivered(second);
  acks.forget(first); // nacked and requeued by the caller
  acks.ack(second);
  await nextTurn();
  expect(sent).toEqual([[2, true]]);
});

it('reports a closed channel instead of throwing (the broker redelivers)', async () => {
  const errors: string[] = [];
  const acks = new AckBatcher(
    {
      ack: () => {
        throw new Error('Channel closed');
      },
    },
    (error) => errors.push(error.message),
  );
  const m = message(1);
  acks.delivered(m);
  acks.ack(m);
  acks.flush();
  expect(errors).toEqual(['Channel closed']);
});
