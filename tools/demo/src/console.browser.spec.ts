/**
 * The console in a real browser (Debian's Chromium, headless), against the all-in-one pipeline with
 * shoppers running: what a person does on each page, found by role and label as a person finds it.
 */
import { EVENTS } from '@shelflife/batch';
import { startConsoleHarness, waitFor, ROOT, type ConsoleHarness } from './console-harness';
import { seedBatchHistory } from './batch-history';

/** The price test learns from this many priced events before it may alarm (priceWarmupEvents 10 000), with a margin. */
const WARM_ARCHIVE_EVENTS = 14_000;

/** Per test: jest ignores a project's testTimeout when the root config runs every project at once. */
const TEST_TIMEOUT_MS = 180_000;

let harness: ConsoleHarness;

beforeAll(async () => {
  harness = await startConsoleHarness(ROOT);
  harness.shop(120);
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

it(
  'adds the phone to the cart and shows its case and charger within 2 s, with why and both latencies',
  async () => {
    const { page, console: app } = harness;
    // The phone's relations must have been learned from the shoppers first (a few seconds of traffic).
    await waitFor(
      'the scorer relating the phone to its case and charger',
      async () => {
        const answer = (await (
          await fetch(`${app.url}/api/storefront/recommendations?sessionId=s-probe&productId=phone-aurora-x1`)
        ).json()) as { items: { productId: string }[] };
        const ids = answer.items.map((i) => i.productId);
        return ids.includes('case-aurora-x1') && ids.includes('charger-usbc-30w');
      },
      60_000,
    );
    await page.goto(`${app.url}/#/storefront`);
    const phone = page.getByRole('article', { name: 'Phone Aurora X1' });
    await phone.getByRole('button', { name: 'Add to cart' }).waitFor();
    const recommended = page.getByRole('list', { name: 'Recommended products' });

    const clickedAt = Date.now();
    await phone.getByRole('button', { name: 'Add to cart' }).click();
    // The requirement, measured in the browser: both accessories on screen within 2 s of the click.
    await recommended.getByRole('listitem', { name: 'Case Aurora X1' }).waitFor({ timeout: 2_000 });
    await recommended
      .getByRole('listitem', { name: 'Charger Usbc 30w' })
      .waitFor({ timeout: Math.max(1, 2_000 - (Date.now() - clickedAt)) });
    expect(Date.now() - clickedAt).toBeLessThanOrEqual(2_000);

    await expect(recommended.getByRole('listitem', { name: 'Case Aurora X1' }).textContent()).resolves.toMatch(
      /because you added Phone Aurora X1/,
    );
    await page.getByTestId('data-latency').filter({ hasText: 'from the click' }).waitFor({ timeout: 5_000 });
    await expect(page.getByTestId('data-latency').textContent()).resolves.toMatch(
      /\d+(\.\d)? (ms|s) from the click to a recommendation that reflects it/,
    );
    await expect(page.getByTestId('query-latency').textContent()).resolves.toMatch(/ms for GET \/v1\/recommendations \((realtime|blended)/);
    await expect(page.getByRole('list', { name: 'Cart items' }).textContent()).resolves.toContain('Phone Aurora X1');
  },
  TEST_TIMEOUT_MS,
);

it(
  'draws the hops of that click from the spans the services sent to the console',
  async () => {
    const { page, console: app } = harness;
    await page.goto(`${app.url}/#/click-path`);
    const timeline = page.getByRole('table', { name: 'Hop timeline' });
    // Not 'collector': its span comes from the gRPC auto-instrumentation, which cannot patch modules inside
    // jest's module sandbox (the demo and the services have it; click-path.spec.ts covers naming it).
    for (const hop of ['gateway', 'broker confirm', 'scorer applied', 'sentinel', 'archive']) {
      await timeline.getByRole('rowheader', { name: hop, exact: true }).first().waitFor({ timeout: 15_000 });
    }
    await expect(timeline.textContent()).resolves.toMatch(/POST \/v1\/events/);
  },
  TEST_TIMEOUT_MS,
);

it(
  "shows the price alert once the simulator's x0.92 fault starts, and discards its quarantine after a confirmation",
  async () => {
    const { page, console: app, pipeline } = harness;
    await waitFor(
      `${WARM_ARCHIVE_EVENTS} events seen (the price test's warm-up)`,
      async () => (await pipeline.store.collection(EVENTS).countDocuments({})) >= WARM_ARCHIVE_EVENTS,
      150_000,
    );
    await page.goto(`${app.url}/#/quality`);
    await page.getByRole('button', { name: 'Start fault price-x0.92' }).click();
    await page.getByRole('status').filter({ hasText: 'Simulator fault price-x0.92 started' }).waitFor();

    const alert = page.getByRole('listitem', { name: /^Active alert price_unit_shift/ }).first();
    await alert.waitFor({ timeout: 90_000 });
    const text = await alert.textContent();
    expect(text).toMatch(/Field\s*price\.amount/);
    expect(text).toMatch(/Confidence\s*\d+ %/);
    expect(text).toMatch(/First affected event\s*[0-9a-f-]{36}/);

    await page.getByRole('button', { name: 'Stop fault' }).click();
    const quarantine = page.getByRole('article', { name: /^Quarantine of price_unit_shift/ }).first();
    await quarantine.waitFor({ timeout: 30_000 });
    await quarantine.getByRole('button', { name: 'Discard' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toMatch(/Discard \d+ events of price_unit_shift/);
    await dialog.getByRole('button', { name: 'Discard them' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Discarded \d+ events of price_unit_shift/ })
      .waitFor();
  },
  TEST_TIMEOUT_MS,
);

it(
  'lists a batch the audit held, with its finding, and publishes it when a person approves it',
  async () => {
    const { page, console: app, pipeline } = harness;
    const outcomes = await seedBatchHistory(pipeline.store, { days: 3, sessionsPerDay: 400 });
    const held = outcomes[outcomes.length - 1]!;
    expect(outcomes.slice(0, -1).map((o) => o.published)).toEqual([true, true]);
    expect(held.published).toBe(false);

    await page.goto(`${app.url}/#/quality`);
    const row = page.getByRole('row', { name: `Batch ${held.window.from}` });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/held/);
    await expect(row.textContent()).resolves.toMatch(/price/i);
    await row.getByRole('button', { name: 'Approve by hand' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Why the findings are acceptable').fill('the supplier really cut every price by 8 %');
    await dialog.getByRole('button', { name: 'Approve and publish' }).click();
    await page.getByRole('status').filter({ hasText: `approved by hand and published` }).waitFor();
    await row.filter({ hasText: 'published (by hand)' }).waitFor();

    await page.goto(`${app.url}/#/revenue`);
    await page
      .getByRole('table', { name: 'Audited revenue' })
      .getByRole('row', { name: new RegExp(held.window.from) })
      .first()
      .waitFor();
    await expect(page.getByRole('table', { name: 'Audited revenue' }).textContent()).resolves.not.toMatch(/Held/);
  },
  TEST_TIMEOUT_MS,
);
