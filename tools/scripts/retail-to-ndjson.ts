/**
 * Turns ../shared/data/online-retail-10k (real UK invoices, GBP) into gateway-format purchase events,
 * optionally with a silent unit change: prices ×FACTOR from a day on, currency label unchanged.
 *   npx tsx tools/scripts/retail-to-ndjson.ts --out FILE [--scale-from YYYY-MM-DD --factor 0.92]
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { writeGatewayNdjson } from '@shelflife/batch';
import { onlineRetailCsvPath } from './retail/data-path';
import { onlineRetailCsvToEvents } from './retail/online-retail';
import { scalePricesFrom } from './retail/scale-prices';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'scale-from': { type: 'string' }, factor: { type: 'string', default: '0.92' } },
  });
  if (!values.out) throw new Error('usage: retail-to-ndjson --out FILE [--scale-from YYYY-MM-DD --factor 0.92]');
  const conversion = onlineRetailCsvToEvents(fs.readFileSync(onlineRetailCsvPath(), 'utf8'));
  const events = values['scale-from'] ? scalePricesFrom(conversion.events, values['scale-from'], Number(values.factor)) : conversion.events;
  const written = await writeGatewayNdjson(values.out, events);
  console.log(JSON.stringify({ out: values.out, events: written, skipped: conversion.skipped, scaledFrom: values['scale-from'] ?? null }));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
