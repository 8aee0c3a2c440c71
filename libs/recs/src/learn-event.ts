import type { ShopEvent } from '@shelflife/contracts';
import type { ModelState } from './model-state';
import { IN_CART, PURCHASED, VIEWED, type ShopperHistory } from './shopper-history';

// Any event on an item means the shopper has seen it.
const FLAGS_BY_TYPE: Record<ShopEvent['type'], { set: number; clear: number }> = {
  view: { set: VIEWED, clear: 0 },
  add_to_cart: { set: VIEWED | IN_CART, clear: 0 },
  remove_from_cart: { set: VIEWED, clear: IN_CART },
  purchase: { set: VIEWED | PURCHASED, clear: IN_CART },
};

/**
 * Learns from one (already deduplicated) event with bounded work: at most pairWindow in-session pairs plus
 * crossSessionWindow pairs with the same user's earlier sessions, each one relation update per direction.
 * `receivedAt` is the receiving clock (the collector's ingest time, epoch ms): the event's time is taken as at
 * most maxFutureSkewMs past it, and the model clock follows the watermark of those times (issue 13).
 */
export function learnEvent(state: ModelState, event: ShopEvent, receivedAt: number): void {
  const { options, products, relations, clock } = state;
  const skew = options.maxFutureSkewMs;
  const byReceipt = receivedAt + skew;
  const received = event.occurredAt <= byReceipt ? event.occurredAt : byReceipt;
  clock.observe(received);
  // Weighted no later than a little past the clock: an outlier the watermark ignored must not outweigh real events.
  const byClock = clock.now + state.weightAheadMs;
  const time = received <= byClock ? received : byClock;
  if (time !== event.occurredAt) state.eventTimesBounded++;
  const factor = clock.takeRescaleFactor();
  if (factor !== 1) rescaleAll(state, factor);

  const product = products.intern(event.productId);
  relations.ensureCapacity(products.size);
  // Every applied event gets an entry (even one that adds no weight), so a verdict's first affected event is found by id.
  state.journal.begin(state.dedup.lastHigh, state.dedup.lastLow, product, event, clock.now);
  const session = state.sessions.touch(event.sessionId, time);
  const user = event.userId ? state.users.touch(event.userId, time) : undefined;
  const flags = FLAGS_BY_TYPE[event.type];
  session.mark(product, flags.set, flags.clear);
  user?.mark(product, flags.set, flags.clear);

  // A remove-from-cart says "changed my mind", not "these belong together": it only updates the cart flags.
  const weight = options.eventWeights[event.type] ?? 0;
  if (weight === 0) return;
  const scale = clock.scaleAt(time);
  const origin = sessionOrigin(event.sessionId);

  // The same item again (a reload, or view -> add to cart) adds only the extra strength of the stronger event.
  if (session.lastItem === product) {
    const last = session.length - 1;
    const extra = weight - session.weightAt(last);
    if (extra <= 0) return;
    session.setWeightAt(last, weight);
    products.addCount(product, extra * scale);
    state.journal.addCount(extra * scale);
    state.popularity.touch(product);
    pairWithSession(state, session, last, product, extra, scale);
    return;
  }

  products.addCount(product, weight * scale);
  state.journal.addCount(weight * scale);
  state.popularity.touch(product);
  pairWithSession(state, session, session.length, product, weight, scale);
  if (user) pairAcrossSessions(state, user, origin, product, weight, scale);
  session.push(product, weight, origin);
  user?.push(product, weight, origin);
}

/** Pairs product with the session items before position `before`, weighted by 1/distance^exponent (SR's rule). */
function pairWithSession(state: ModelState, session: ShopperHistory, before: number, product: number, weight: number, scale: number): void {
  const { pairWindow, distanceExponent } = state.options;
  const stop = Math.max(0, before - pairWindow);
  for (let i = before - 1, distance = 1; i >= stop; i--, distance++) {
    const earlier = session.itemAt(i);
    if (earlier === product) continue;
    const pairWeight = (((weight + session.weightAt(i)) / 2) * scale) / Math.pow(distance, distanceExponent);
    addPair(state, earlier, product, pairWeight);
  }
}

/** Pairs product with the user's most recent items from other sessions, at crossSessionWeight. */
function pairAcrossSessions(state: ModelState, user: ShopperHistory, origin: number, product: number, weight: number, scale: number): void {
  const { crossSessionWindow, crossSessionWeight, distanceExponent } = state.options;
  if (crossSessionWeight === 0) return;
  let taken = 0;
  for (let i = user.length - 1; i >= 0 && taken < crossSessionWindow; i--) {
    if (user.originAt(i) === origin) continue;
    const earlier = user.itemAt(i);
    taken++;
    if (earlier === product) continue;
    const pairWeight = (((weight + user.weightAt(i)) / 2) * scale * crossSessionWeight) / Math.pow(taken, distanceExponent);
    addPair(state, earlier, product, pairWeight);
  }
}

function addPair(state: ModelState, earlier: number, later: number, weight: number): void {
  state.relations.add(earlier, later, weight);
  state.journal.addPair(earlier, later, weight);
  const backward = state.options.backwardWeight;
  if (backward > 0) state.relations.add(later, earlier, weight * backward);
}

export function rescaleAll(state: ModelState, factor: number): void {
  state.products.rescale(factor);
  state.relations.rescale(factor);
  state.popularity.rescale(factor);
  state.journal.rescale(factor);
}

/** A stable 32-bit tag for a session id, so a user's history can tell its sessions apart without storing ids. */
export function sessionOrigin(sessionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) hash = Math.imul(hash ^ sessionId.charCodeAt(i), 0x01000193);
  return hash | 0; // signed, as the history's Int32Array stores it
}
