import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import * as ts from 'typescript';
import { REPO_ROOT } from '../repo-paths';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'synthetic' | 'recorded';

/** One series name a query may select, with the labels it carries (undefined: not known, any label accepted). */
export interface SeriesInfo {
  /** The metric as defined (a histogram's `_bucket` series belongs to the histogram). */
  metric: string;
  type: MetricType;
  labels: ReadonlySet<string> | undefined;
  /** Where it is defined, for messages. */
  source: string;
}

export type MetricCatalog = ReadonlyMap<string, SeriesInfo>;

/**
 * Labels Prometheus attaches to every scraped series: `job` and `instance` always, `namespace`, `pod`,
 * `container` and `endpoint` from a PodMonitor's Kubernetes service discovery.
 */
export const TARGET_LABELS: readonly string[] = ['job', 'instance', 'namespace', 'pod', 'container', 'endpoint'];

/** Series Prometheus itself writes for each target: they exist without any code defining them. */
const SCRAPE_SERIES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
];

const METRIC_CLASSES: Record<string, MetricDefinition['type']> = {
  Counter: 'counter',
  Gauge: 'gauge',
  Histogram: 'histogram',
  Summary: 'summary',
};

/** A metric definition found in the source: `new Counter({ name: 'x', labelNames: [...] })`. */
export interface MetricDefinition {
  name: string;
  type: Exclude<MetricType, 'synthetic' | 'recorded'>;
  labels: string[] | undefined;
  source: string;
}

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isAsExpression(current) || ts.isParenthesizedExpression(current) || ts.isSatisfiesExpression(current))
    current = current.expression;
  return current;
}

function className(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text; // client.Counter, prom.Gauge
  return undefined;
}

/**
 * The prom-client metric definitions in one TypeScript file. A name that is not a string literal cannot
 * be checked and is reported as such, so nothing exported goes unseen by the dashboard check.
 */
export function scanMetricDefinitions(text: string, source: string): { definitions: MetricDefinition[]; problems: string[] } {
  const file = ts.createSourceFile(source, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const definitions: MetricDefinition[] = [];
  const problems: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node)) {
      const type = METRIC_CLASSES[className(node.expression) ?? ''];
      const options = node.arguments?.[0] && unwrap(node.arguments[0]);
      if (type && options && ts.isObjectLiteralExpression(options)) {
        const property = (key: string) =>
          options.properties.find(
            (p): p is ts.PropertyAssignment =>
              ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key,
          );
        const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
        const where = `${source}:${line}`;
        const nameNode = property('name') && unwrap(property('name')!.initializer);
        if (nameNode && ts.isStringLiteralLike(nameNode)) {
          const labelNode = property('labelNames') && unwrap(property('labelNames')!.initializer);
          let labels: string[] | undefined = [];
          if (labelNode) {
            labels =
              ts.isArrayLiteralExpression(labelNode) && labelNode.elements.every((e) => ts.isStringLiteralLike(e))
                ? labelNode.elements.map((e) => (e as ts.StringLiteralLike).text)
                : undefined; // computed label names: accept any label rather than guess
          }
          definitions.push({ name: nameNode.text, type, labels, source: where });
        } else if (nameNode) {
          problems.push(`${where}: a ${type} whose name is not a string literal; deploy-check cannot tell which series it exports`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { definitions, problems };
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (/\.ts$/.test(entry.name) && !/\.(spec|test|suite)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

/** The series prom-client exports for a metric of each type, with their labels. */
function seriesOf(definition: MetricDefinition): [string, SeriesInfo][] {
  const { name, type, labels, source } = definition;
  const info = (extra: string[]): SeriesInfo => ({ metric: name, type, labels: labels && new Set([...labels, ...extra]), source });
  if (type === 'histogram')
    return [
      [`${name}_bucket`, info(['le'])],
      [`${name}_sum`, info([])],
      [`${name}_count`, info([])],
    ];
  if (type === 'summary')
    return [
      [name, info(['quantile'])],
      [`${name}_sum`, info([])],
      [`${name}_count`, info([])],
    ];
  return [[name, info([])]];
}

/** prom-client's default process metrics, as collectDefaultMetrics registers them in this version. */
function defaultMetricDefinitions(): MetricDefinition[] {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry.getMetricsAsArray().map((metric) => {
    const { name, type, labelNames } = metric as unknown as { name: string; type: string; labelNames?: string[] };
    return {
      name,
      type: (type === 'histogram' || type === 'summary' || type === 'counter' ? type : 'gauge') as MetricDefinition['type'],
      labels: labelNames ?? [],
      source: 'prom-client collectDefaultMetrics',
    };
  });
}

/** Builds a catalog from definitions; also used by specs to check against a catalog of their own. */
export function catalogFrom(definitions: MetricDefinition[], options: { scrapeSeries?: boolean } = {}): Map<string, SeriesInfo> {
  const catalog = new Map<string, SeriesInfo>();
  for (const definition of definitions) for (const [series, info] of seriesOf(definition)) catalog.set(series, info);
  if (options.scrapeSeries !== false) {
    for (const series of SCRAPE_SERIES)
      catalog.set(series, { metric: series, type: 'synthetic', labels: new Set(), source: 'Prometheus (per scrape target)' });
  }
  return catalog;
}

export interface RepositoryMetrics {
  catalog: MetricCatalog;
  /** Definitions the scanner could not read: reported, never silently skipped. */
  problems: string[];
}

let cached: RepositoryMetrics | undefined;

/**
 * Every series the Shelflife services can export, read from the source rather than a hand-kept list:
 * prom-client metric definitions anywhere in apps/ and libs/ (today all in libs/telemetry/src/metrics.ts),
 * prom-client's default process metrics where a service collects them, and Prometheus's per-target series.
 */
export function repositoryMetrics(root = REPO_ROOT): RepositoryMetrics {
  if (cached && root === REPO_ROOT) return cached;
  const definitions: MetricDefinition[] = [];
  const problems: string[] = [];
  let collectsDefaults = false;
  for (const file of [...sourceFiles(path.join(root, 'apps')), ...sourceFiles(path.join(root, 'libs'))]) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/\b(Counter|Gauge|Histogram|Summary|collectDefaultMetrics)\b/.test(text)) continue;
    const found = scanMetricDefinitions(text, path.relative(root, file));
    definitions.push(...found.definitions);
    problems.push(...found.problems);
    if (/\bcollectDefaultMetrics\s*\(/.test(text)) collectsDefaults = true;
  }
  const result = { catalog: catalogFrom([...(collectsDefaults ? defaultMetricDefinitions() : []), ...definitions]), problems };
  if (root === REPO_ROOT) cached = result;
  return result;
}
