/** The handlers' own rules, without a network: a call that arrives past its deadline publishes nothing. */
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { Outcome, type CollectResponse, type EventMessage } from '@shelflife/contracts';
import { collectorHandlers } from './collector-service';

describe('collectorHandlers.collectBatch', () => {
  const published: unknown[][] = [];
  const publisher = {
    publishAll: async (events: EventMessage[]): Promise<CollectResponse[]> => {
      published.push(events);
      return events.map(() => ({ outcome: Outcome.OUTCOME_ACCEPTED, eventId: 'x', reason: '', code: '', problems: [] }));
    },
  };
  const handlers = collectorHandlers(publisher, pino({ level: 'silent' }));
  const callWith = (deadline: grpc.Deadline) =>
    ({ request: { events: [{ eventId: 'x' }], traceparents: [] }, getDeadline: () => deadline }) as never;

  beforeEach(() => published.splice(0));

  it('answers DEADLINE_EXCEEDED without publishing when the call is already past its deadline', async () => {
    const error = await new Promise<grpc.ServiceError | null>((resolve) =>
      handlers.collectBatch(callWith(new Date(Date.now() - 5)), (e) => resolve(e as grpc.ServiceError | null)),
    );
    expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(error?.details).toMatch(/nothing was published, resend/);
    expect(published).toHaveLength(0);
  });

  it('publishes a call within its deadline, and one without a deadline', async () => {
    for (const deadline of [new Date(Date.now() + 2_000), Infinity]) {
      const error = await new Promise<grpc.ServiceError | null>((resolve) =>
        handlers.collectBatch(callWith(deadline), (e) => resolve(e as grpc.ServiceError | null)),
      );
      expect(error).toBeNull();
    }
    expect(published).toHaveLength(2);
  });
});
