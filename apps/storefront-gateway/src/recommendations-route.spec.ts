/** Each answer says who produced it, so the scorer's popular fallback and the gateway's are told apart. */
import * as grpc from '@grpc/grpc-js';
import type { Request, Response } from 'express';
import pino from 'pino';
import { RecommendationSource, type GetRecommendationsResponse } from '@shelflife/contracts';
import { RecentPopularity } from './recent-popularity';
import { recommendationsRoute, type AskScorer } from './recommendations-route';

async function answerWith(ask: AskScorer): Promise<Record<string, unknown>> {
  let body: Record<string, unknown> = {};
  const response = {
    json: (value: Record<string, unknown>) => (body = value),
    status: () => response,
    setHeader: () => response,
  } as unknown as Response;
  const route = recommendationsRoute({ ask, popularity: new RecentPopularity(), deadlineMs: 100, logger: pino({ level: 'silent' }) });
  await route({ query: { productId: 'p-1', limit: '3' } } as unknown as Request, response);
  return body;
}

const scorerAnswer = (source: RecommendationSource): GetRecommendationsResponse =>
  ({ items: [{ productId: 'p-2', score: 0.5 }], source, modelVersion: 'rt-7' }) as GetRecommendationsResponse;

it('names the scorer for its realtime answer', async () => {
  expect(await answerWith(async () => scorerAnswer(RecommendationSource.SOURCE_REALTIME))).toMatchObject({
    source: 'realtime',
    answeredBy: 'scorer',
    modelVersion: 'rt-7',
  });
});

it("tells the scorer's popular fallback (nothing related yet) from the gateway's (the scorer did not answer)", async () => {
  const fromScorer = await answerWith(async () => scorerAnswer(RecommendationSource.SOURCE_FALLBACK));
  expect(fromScorer).toMatchObject({ source: 'fallback', answeredBy: 'scorer', fallbackReason: 'nothing_related_yet' });
  const unavailable = Object.assign(new Error('no connection'), { code: grpc.status.UNAVAILABLE });
  const fromGateway = await answerWith(async () => {
    throw unavailable;
  });
  expect(fromGateway).toMatchObject({
    source: 'fallback',
    answeredBy: 'gateway',
    fallbackReason: 'scorer_unavailable',
    modelVersion: 'gateway-popularity',
  });
});
