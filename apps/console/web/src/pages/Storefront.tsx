import { useCallback, useEffect, useRef, useState } from 'react';
import type { CatalogueProduct, ClickResponse, ClickType, RecommendationsAnswer } from '../../../src/shared/api';
import { formatMs, getJson, postJson, productName } from '../api';

const REFLECT_POLL_MS = 100;
const REFLECT_GIVE_UP_MS = 10_000;

interface LastClick {
  productId: string;
  type: ClickType;
  response: ClickResponse;
  /** Data latency: from the click to the first answer that reflects it; null while waiting. */
  reflectedAfterMs: number | null;
  outcome: 'waiting' | 'reflected' | 'unchanged';
}

function newSessionId(): string {
  return `s-console-${Math.random().toString(36).slice(2, 12)}`;
}

/** The Amazon moment, live: real clicks through the gateway, and what the recommendations make of them. */
export function StorefrontPage() {
  const [catalogue, setCatalogue] = useState<CatalogueProduct[]>([]);
  const [error, setError] = useState<string>();
  const [sessionId] = useState(newSessionId);
  const [seeds, setSeeds] = useState<string[]>([]);
  const [cart, setCart] = useState<string[]>([]);
  const [answer, setAnswer] = useState<RecommendationsAnswer>();
  const [last, setLast] = useState<LastClick>();
  const polling = useRef(0);

  useEffect(() => {
    getJson<CatalogueProduct[]>('/api/catalogue').then(setCatalogue, (e: Error) => setError(e.message));
  }, []);

  const ask = useCallback(
    async (knownSeeds: string[]) => {
      const params = new URLSearchParams({ sessionId, seeds: knownSeeds.join(',') });
      return getJson<RecommendationsAnswer>(`/api/storefront/recommendations?${params}`);
    },
    [sessionId],
  );

  const click = async (product: CatalogueProduct, type: ClickType) => {
    setError(undefined);
    const wasSeed = seeds.includes(product.id);
    const nextSeeds = [product.id, ...seeds.filter((s) => s !== product.id)];
    const before = answer?.items.map((i) => i.productId).join(',');
    const clickedAt = performance.now();
    const response = await postJson<ClickResponse>('/api/storefront/click', { sessionId, productId: product.id, type }).catch(
      (e: Error) => {
        setError(e.message);
        return undefined;
      },
    );
    if (!response) return;
    if (response.error) setError(response.error);
    setSeeds(nextSeeds);
    if (type === 'add_to_cart') setCart((items) => [...items, product.id]);
    const run = ++polling.current;
    setLast({ productId: product.id, type, response, reflectedAfterMs: null, outcome: 'waiting' });
    // Ask again and again until the answer shows the click: its relations in a session-based answer
    // (for a product the session already had, a changed answer). The time it took is the data latency.
    while (run === polling.current) {
      const fresh = await ask(nextSeeds).catch((e: Error) => {
        setError(e.message);
        return undefined;
      });
      const elapsed = performance.now() - clickedAt;
      if (fresh) {
        setAnswer(fresh);
        const related = fresh.source !== 'fallback' && fresh.items.some((item) => item.because?.seed === product.id);
        const changed = fresh.items.map((i) => i.productId).join(',') !== before;
        if (related && (!wasSeed || changed)) {
          setLast((current) => current && { ...current, reflectedAfterMs: elapsed, outcome: 'reflected' });
          return;
        }
      }
      if (elapsed > REFLECT_GIVE_UP_MS) {
        setLast((current) => current && { ...current, outcome: 'unchanged' });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, REFLECT_POLL_MS));
    }
  };

  const names = new Map(catalogue.map((p) => [p.id, p.name]));
  const nameOf = (id: string) => names.get(id) ?? productName(id);
  const action = (type: ClickType) => (type === 'add_to_cart' ? 'added to your cart' : 'viewed');

  return (
    <div className="storefront">
      <section aria-labelledby="products-heading" className="products">
        <h2 id="products-heading">Products</h2>
        <p className="hint">
          Session <code>{sessionId}</code>. Each button posts a real event to the gateway (<code>POST /v1/events</code>).
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <ul className="grid">
          {catalogue.map((product) => (
            <li key={product.id}>
              <article aria-label={product.name} className="card">
                <h3>{product.name}</h3>
                <p className="price">
                  {product.price.toFixed(2)} {product.currency}
                </p>
                <div className="buttons">
                  <button type="button" onClick={() => void click(product, 'view')}>
                    View
                  </button>
                  <button type="button" className="primary" onClick={() => void click(product, 'add_to_cart')}>
                    Add to cart
                  </button>
                </div>
              </article>
            </li>
          ))}
        </ul>
      </section>
      <aside className="side">
        <section aria-labelledby="cart-heading">
          <h2 id="cart-heading">Cart</h2>
          {cart.length === 0 ? (
            <p>Empty.</p>
          ) : (
            <ul aria-label="Cart items">
              {cart.map((id, i) => (
                <li key={`${id}-${i}`}>{nameOf(id)}</li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="recs-heading" className="recs">
          <h2 id="recs-heading">Customers also bought</h2>
          {last && (
            <dl className="latency" aria-label="Latency of the last click">
              <dt>Last click</dt>
              <dd>
                {nameOf(last.productId)} {action(last.type)} (gateway {last.response.status}, {formatMs(last.response.postMs)} to the broker
                confirm)
              </dd>
              <dt>Data latency</dt>
              <dd data-testid="data-latency">
                {last.outcome === 'reflected'
                  ? `${formatMs(last.reflectedAfterMs)} from the click to a recommendation that reflects it`
                  : last.outcome === 'waiting'
                    ? 'waiting for the pipeline…'
                    : 'not reflected within 10 s (no relations learned for this product yet)'}
              </dd>
              <dt>Query latency</dt>
              <dd data-testid="query-latency">
                {answer
                  ? `${formatMs(answer.queryMs)} for GET /v1/recommendations (${answer.source}, model ${answer.modelVersion || 'none'})`
                  : '–'}
              </dd>
            </dl>
          )}
          {!answer ? (
            <p>Click a product: the panel shows what the pipeline learned from it.</p>
          ) : (
            <ol aria-label="Recommended products" className="recs-list">
              {answer.items.map((item) => (
                <li key={item.productId} aria-label={nameOf(item.productId)}>
                  <strong>{nameOf(item.productId)}</strong> <span className="score">score {item.score.toFixed(3)}</span>
                  <div className="why">
                    {item.because ? (
                      <>
                        because you {seedsAction(item.because.seed, cart)} <em>{nameOf(item.because.seed)}</em>: its #{item.because.rank}{' '}
                        related product (relation score {item.because.relationScore.toFixed(3)})
                      </>
                    ) : answer.source === 'fallback' ? (
                      'popular right now (no relation to this session yet)'
                    ) : (
                      "popular filler (no relation to this session's products)"
                    )}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
      </aside>
    </div>
  );
}

function seedsAction(seed: string, cart: string[]): string {
  return cart.includes(seed) ? 'added' : 'viewed';
}
