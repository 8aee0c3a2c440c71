/** Prints every environment variable the services read, with its default, as a Markdown table (for the README). */
import type { Setting } from '@shelflife/config';
import { gatewaySettings } from '@shelflife/storefront-gateway';
import { collectorSettings } from '@shelflife/event-collector';
import { scorerSettings } from '@shelflife/stream-scorer';
import { sentinelSettings } from '@shelflife/quality-sentinel';
import { aggregatorSettings } from '@shelflife/batch-aggregator';

const services: Record<string, Record<string, Setting<unknown>>> = {
  'storefront-gateway': gatewaySettings,
  'event-collector': collectorSettings,
  'stream-scorer': scorerSettings,
  'quality-sentinel': sentinelSettings,
  'batch-aggregator': aggregatorSettings,
};

const rows = new Map<string, { setting: Setting<unknown>; users: Set<string> }>();
for (const [service, settings] of Object.entries(services)) {
  for (const setting of Object.values(settings)) {
    const row = rows.get(setting.variable) ?? { setting, users: new Set<string>() };
    row.users.add(service);
    rows.set(setting.variable, row);
  }
}
console.log('| variable | default | used by | meaning |');
console.log('| --- | --- | --- | --- |');
for (const { setting, users } of rows.values()) {
  const who = users.size === Object.keys(services).length ? 'all' : [...users].join(', ');
  console.log(
    `| \`${setting.variable}\` | ${setting.defaultValue === undefined ? '(unset)' : `\`${setting.defaultValue}\``} | ${who} | ${setting.description} |`,
  );
}
