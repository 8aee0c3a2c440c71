/**
 * Every environment variable a Shelflife process reads, with who reads it: the declared settings of
 * libs/config and of each service's config.ts (imported through the service's public entry, which exports them), the variables
 * some code reads straight from process.env (found by scanning apps/ and libs/), and the few the
 * runtime underneath reads (Node.js, the OpenTelemetry SDK). The configmap-settings policy checks
 * every ConfigMap key the services load against this catalogue.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as sharedSettings from '@shelflife/config';
import * as aggregator from '@shelflife/batch-aggregator';
import * as consoleApp from '@shelflife/console';
import * as collector from '@shelflife/event-collector';
import * as sentinel from '@shelflife/quality-sentinel';
import * as gateway from '@shelflife/storefront-gateway';
import * as scorer from '@shelflife/stream-scorer';
import { REPO_ROOT } from '../repo-paths';

/** Variable -> who reads it ("libs/config commonSettings", "storefront-gateway gatewaySettings", ...). */
export type SettingsCatalogue = Map<string, string[]>;

/** Read by the runtime, not by our code: allowed in ConfigMaps without a Setting. */
export const RUNTIME_VARIABLES: Readonly<Record<string, string>> = {
  NODE_OPTIONS: 'Node.js',
  NODE_ENV: 'Node.js libraries (express)',
  OTEL_SERVICE_NAME: 'the OpenTelemetry SDK (libs/telemetry)',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'the OpenTelemetry SDK (libs/telemetry)',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'the OpenTelemetry SDK (libs/telemetry)',
};

const DECLARING_MODULES: [string, Record<string, unknown>][] = [
  ['libs/config', sharedSettings as Record<string, unknown>],
  ['batch-aggregator', aggregator as Record<string, unknown>],
  ['console', consoleApp as Record<string, unknown>],
  ['event-collector', collector as Record<string, unknown>],
  ['quality-sentinel', sentinel as Record<string, unknown>],
  ['storefront-gateway', gateway as Record<string, unknown>],
  ['stream-scorer', scorer as Record<string, unknown>],
];

function isSetting(value: unknown): value is { variable: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { variable?: unknown }).variable === 'string' &&
    typeof (value as { parse?: unknown }).parse === 'function'
  );
}

function add(catalogue: SettingsCatalogue, variable: string, reader: string): void {
  const readers = catalogue.get(variable) ?? [];
  if (!readers.includes(reader)) readers.push(reader);
  catalogue.set(variable, readers);
}

/** The settings objects a module exports (an export whose values are Settings), by variable. */
export function declaredSettings(
  source: string,
  module: Record<string, unknown>,
  catalogue: SettingsCatalogue = new Map(),
): SettingsCatalogue {
  for (const [exportName, value] of Object.entries(module)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    for (const setting of Object.values(value)) {
      if (isSetting(setting)) add(catalogue, setting.variable, `${source} ${exportName}`);
    }
  }
  return catalogue;
}

const ENV_READ = /process\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** Variables read straight from process.env by the code of apps/ and libs/ (specs excluded). */
export function directEnvironmentReads(root = REPO_ROOT, catalogue: SettingsCatalogue = new Map()): SettingsCatalogue {
  for (const group of ['apps', 'libs']) {
    for (const project of fs.readdirSync(path.join(root, group))) {
      for (const file of sourceFiles(path.join(root, group, project, 'src'))) {
        for (const match of fs.readFileSync(file, 'utf8').matchAll(ENV_READ)) {
          add(catalogue, (match[1] ?? match[2]) as string, path.relative(root, file));
        }
      }
    }
  }
  return catalogue;
}

let cached: SettingsCatalogue | undefined;

/** The whole catalogue, built once per process. */
export function knownSettings(): SettingsCatalogue {
  if (cached) return cached;
  const catalogue: SettingsCatalogue = new Map();
  for (const [source, module] of DECLARING_MODULES) declaredSettings(source, module, catalogue);
  directEnvironmentReads(REPO_ROOT, catalogue);
  for (const [variable, reader] of Object.entries(RUNTIME_VARIABLES)) add(catalogue, variable, reader);
  cached = catalogue;
  return catalogue;
}

/** Edit distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known variable closest to `name` (fewest edits; ties go to the alphabetically first). */
export function closestSetting(name: string, known: Iterable<string>): string | undefined {
  let best: { variable: string; distance: number } | undefined;
  for (const variable of [...known].sort()) {
    const distance = editDistance(name, variable);
    if (!best || distance < best.distance) best = { variable, distance };
  }
  return best?.variable;
}
