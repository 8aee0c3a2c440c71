/**
 * `npm run console:screenshots`: every console page in Chromium against the all-in-one pipeline with
 * shoppers, a click, the x0.92 price fault and a held batch, written to docs/console/*.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVENTS } from '@shelflife/batch';
import { seedBatchHistory } from './batch-history';
import { ROOT, startConsoleHarness, waitFor } from './console-harness';
import { parseCommandLine } from '@shelflife/config';

async function main(): Promise<void> {
  parseCommandLine({
    command: 'npm run console:screenshots --',
    description:
      'starts the all-in-one pipeline with shoppers and the console, and writes a screenshot of every console page to docs/console/*.png (needs /usr/bin/chromium)',
    config: { options: {} },
  });
  const out = path.join(ROOT, 'docs/console');
  fs.mkdirSync(out, { recursive: true });
  const harness = await startConsoleHarness(ROOT);
  const { page, console: app, pipeline } = harness;
  try {
    harness.shop(120);
    await seedBatchHistory(pipeline.store, { days: 5, sessionsPerDay: 400 });
    await waitFor(
      "the phone's relations",
      async () => {
        const answer = (await (
          await fetch(`${app.url}/api/storefront/recommendations?sessionId=s-probe&productId=phone-aurora-x1`)
        ).json()) as { items: { productId: string }[] };
        return answer.items.some((i) => i.productId === 'case-aurora-x1');
      },
      60_000,
    );
    await page.goto(`${app.url}/#/storefront`);
    await page.getByRole('article', { name: 'Phone Aurora X1' }).getByRole('button', { name: 'Add to cart' }).click();
    await page.getByTestId('data-latency').filter({ hasText: 'from the click' }).waitFor({ timeout: 10_000 });
    await shot('storefront');

    await page.goto(`${app.url}/#/click-path`);
    await page
      .getByRole('table', { name: 'Hop timeline' })
      .getByRole('row')
      .nth(3)
      .waitFor({ timeout: 20_000 })
      .catch(() => undefined);
    await shot('click-path');

    await page.goto(`${app.url}/#/pipeline`);
    await page.waitForTimeout(15_000); // fifteen scrapes of history on the charts
    await shot('pipeline');

    await waitFor("the price test's warm-up", async () => (await pipeline.store.collection(EVENTS).countDocuments({})) >= 14_000, 150_000);
    await page.goto(`${app.url}/#/quality`);
    await page.getByRole('button', { name: 'Start fault price-x0.92' }).click();
    await page
      .getByRole('listitem', { name: /^Active alert price_unit_shift/ })
      .first()
      .waitFor({ timeout: 90_000 });
    await page
      .getByRole('article', { name: /^Quarantine of/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot('quality');

    await page.goto(`${app.url}/#/revenue`);
    await page.getByRole('table', { name: 'Live revenue' }).getByRole('row').nth(1).waitFor();
    await shot('revenue');
  } finally {
    await harness.close();
  }

  async function shot(name: string): Promise<void> {
    const file = path.join(out, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${path.relative(ROOT, file)}`);
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`console screenshots failed: ${error.message}`);
    process.exit(1);
  },
);
