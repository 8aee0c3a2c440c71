import { K8sObject } from '../k8s-object';
import { prometheusRuleProblems } from '../monitoring/alert-rules';
import { dashboardProblems } from '../monitoring/grafana-dashboard';
import { catalogFrom, repositoryMetrics, scanMetricDefinitions } from '../monitoring/metric-catalog';
import { promqlProblems } from '../monitoring/promql';
import { headingAnchor, runbookProblem } from '../monitoring/runbooks';
import { overlayWithChange, renderedOverlay, violations, type Yaml } from '../testing/manifests';

const DASHBOARD_MAP = 'shelflife-grafana-dashboards';
const DASHBOARD_KEY = 'shelflife-overview.json';

/** The prod render with the shipped dashboard JSON changed by `change`. */
function prodWithDashboard(change: (dashboard: Yaml) => void): K8sObject[] {
  return overlayWithChange('prod', 'ConfigMap', DASHBOARD_MAP, (configMap) => {
    const dashboard = JSON.parse(configMap.data[DASHBOARD_KEY]);
    change(dashboard);
    configMap.data[DASHBOARD_KEY] = JSON.stringify(dashboard);
  });
}

/** The first panel that has queries, in a dashboard being changed. */
function queryPanel(dashboard: Yaml): Yaml {
  return dashboard.panels.find((p: Yaml) => p.type !== 'row');
}

function prodWithAlert(change: (rule: Yaml) => void, name = 'ShelflifeFreshnessP99High'): K8sObject[] {
  return overlayWithChange('prod', 'PrometheusRule', 'shelflife', (prometheusRule) => {
    const rule = prometheusRule.spec.groups.flatMap((g: Yaml) => g.rules).find((r: Yaml) => r.alert === name);
    change(rule);
  });
}

describe('metric catalog (scanned from apps/ and libs/)', () => {
  const { catalog, problems } = repositoryMetrics();

  it("finds the services' metrics with their labels, the series of each histogram and the process metrics", () => {
    expect(problems).toEqual([]);
    expect([...catalog.get('shelflife_events_total')!.labels!]).toEqual(['stage', 'outcome']);
    expect([...catalog.get('shelflife_freshness_seconds_bucket')!.labels!].sort()).toEqual(['consumer', 'le']);
    expect(catalog.get('shelflife_freshness_seconds_count')!.type).toBe('histogram');
    expect(catalog.has('shelflife_freshness_seconds')).toBe(false); // a histogram exports no series of its bare name
    expect(catalog.has('process_resident_memory_bytes')).toBe(true);
    expect(catalog.has('up')).toBe(true);
  });

  it('reads prom-client definitions however the class is reached, and reports names it cannot read', () => {
    const { definitions, problems: found } = scanMetricDefinitions(
      [
        "import * as client from 'prom-client';",
        "const a = new client.Counter({ name: 'a_total', help: 'a', labelNames: ['x', 'y'] as const });",
        "const b = new Summary({ help: 'b', name: 'b_seconds' });",
        "const c = new Gauge({ name: `c_${suffix}`, help: 'c' });",
      ].join('\n'),
      'x.ts',
    );
    expect(definitions).toEqual([
      { name: 'a_total', type: 'counter', labels: ['x', 'y'], source: 'x.ts:2' },
      { name: 'b_seconds', type: 'summary', labels: [], source: 'x.ts:3' },
    ]);
    expect(found).toEqual([expect.stringContaining('x.ts:4: a gauge whose name is not a string literal')]);
  });
});

describe('PromQL checks', () => {
  const catalog = catalogFrom([{ name: 'jobs_total', type: 'counter', labels: ['queue'], source: 'test' }]);

  it('accepts a query over defined series and their labels', () => {
    expect(promqlProblems('sum by (queue, pod) (rate(jobs_total{queue="a", namespace="n"}[5m])) > 0', catalog)).toEqual([]);
  });

  it('fails a syntax error, an unknown metric, an unknown label and a grouping by a label nobody has', () => {
    expect(promqlProblems('sum(rate(jobs_total[5m])', catalog)).toEqual([expect.stringMatching(/^syntax error at character/)]);
    expect(promqlProblems('rate(job_total[5m])', catalog)).toEqual([
      'metric job_total is not exported by any service (not defined in apps/ or libs/)',
    ]);
    expect(promqlProblems('jobs_total{queues="a"}', catalog)).toEqual([expect.stringContaining('jobs_total has no label "queues"')]);
    expect(promqlProblems('sum by (stage) (jobs_total)', catalog)).toEqual([
      expect.stringContaining('by (stage): none of jobs_total has a label "stage"'),
    ]);
    expect(promqlProblems('{queue="a"}', catalog)).toEqual([expect.stringContaining('names no metric')]);
  });
});

describe('grafana-dashboards', () => {
  it('passes the shipped dashboard', () => {
    expect(violations(renderedOverlay('prod'), 'grafana-dashboards', 'prod')).toEqual([]);
  });

  it('fails a panel querying a metric the code does not export', () => {
    const objects = prodWithDashboard((d) => (queryPanel(d).targets[0].expr = 'sum(rate(shelflife_events_seen_total[$__rate_interval]))'));
    expect(violations(objects, 'grafana-dashboards', 'prod')).toEqual([
      expect.stringContaining('metric shelflife_events_seen_total is not exported by any service'),
    ]);
  });

  it('fails a label the metric does not have', () => {
    const objects = prodWithDashboard(
      (d) => (queryPanel(d).targets[0].expr = 'sum by (stage) (rate(shelflife_events_total{consumer="scorer"}[5m]))'),
    );
    expect(violations(objects, 'grafana-dashboards', 'prod')).toEqual([
      expect.stringContaining('shelflife_events_total has no label "consumer"'),
    ]);
  });

  it('fails a panel without a title, a fixed datasource, an undeclared variable and broken PromQL', () => {
    const objects = prodWithDashboard((d) => {
      const [first, second, third] = d.panels.filter((p: Yaml) => p.type !== 'row');
      first.title = '';
      second.datasource = { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' };
      second.targets.forEach((t: Yaml) => delete t.datasource);
      third.targets[0].expr = 'max(shelflife_queue_messages{namespace="$cluster"})';
      d.panels.filter((p: Yaml) => p.type !== 'row')[3].targets[0].expr = 'sum(rate(shelflife_events_total[5m])';
    });
    const found = violations(objects, 'grafana-dashboards', 'prod');
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('needs a title'),
        expect.stringContaining("names one Grafana's datasource; use a datasource variable"),
        expect.stringContaining('variable $cluster is not declared'),
        expect.stringContaining('syntax error'),
      ]),
    );
    expect(found).toHaveLength(4);
  });

  it('fails a dashboard that is not JSON, or exported with import-time inputs', () => {
    const catalog = repositoryMetrics().catalog;
    expect(dashboardProblems('{"title": ', catalog)).toEqual([expect.stringContaining('is not valid JSON')]);
    expect(dashboardProblems('{"uid": "u", "title": "t", "__inputs": [], "panels": []}', catalog)).toEqual([
      expect.stringContaining('has __inputs'),
    ]);
  });
});

describe('prometheus-rules', () => {
  it('passes the shipped rules', () => {
    expect(violations(renderedOverlay('prod'), 'prometheus-rules', 'prod')).toEqual([]);
  });

  it('fails an alert without for:, severity or runbook', () => {
    const objects = prodWithAlert((rule) => {
      delete rule.for;
      delete rule.labels.severity;
      delete rule.annotations.runbook_url;
    });
    expect(violations(objects, 'prometheus-rules', 'prod')).toEqual([
      expect.stringContaining('alert ShelflifeFreshnessP99High: needs for:'),
      expect.stringContaining('alert ShelflifeFreshnessP99High: needs labels.severity'),
      expect.stringContaining('alert ShelflifeFreshnessP99High: needs annotations.runbook_url'),
    ]);
  });

  it('fails a runbook pointing to a section docs/operations.md does not have', () => {
    const objects = prodWithAlert((rule) => (rule.annotations.runbook_url = 'docs/operations.md#no-such-section'));
    expect(violations(objects, 'prometheus-rules', 'prod')).toEqual([
      expect.stringContaining('docs/operations.md has no heading with the anchor #no-such-section'),
    ]);
  });

  it('fails an alert on a metric nobody exports, and accepts one a recording rule makes', () => {
    const broken = prodWithAlert((rule) => (rule.expr = 'shelflife_held_batches > 0'), 'ShelflifeBatchHeld');
    expect(violations(broken, 'prometheus-rules', 'prod')).toEqual([
      expect.stringContaining('metric shelflife_held_batches is not exported'),
    ]);
    const spec = { groups: [{ name: 'g', rules: [{ record: 'shelflife:events:rate5m', expr: 'sum(rate(shelflife_events_total[5m]))' }] }] };
    expect(prometheusRuleProblems(spec, repositoryMetrics().catalog)).toEqual([]);
  });

  it("makes GitHub's anchors of headings", () => {
    expect(headingAnchor('Queue length limits and backpressure')).toBe('queue-length-limits-and-backpressure');
    expect(headingAnchor('What each `sentinel` alert means?')).toBe('what-each-sentinel-alert-means');
    expect(runbookProblem('docs/operations.md#a-held-batch')).toBeUndefined();
    expect(runbookProblem('docs/nowhere.md#x')).toContain('is not a file of the repository');
  });
});

describe('scrape-targets', () => {
  it('passes both overlays', () => {
    expect(violations(renderedOverlay('prod'), 'scrape-targets', 'prod')).toEqual([]);
    expect(violations(renderedOverlay('dev'), 'scrape-targets', 'dev')).toEqual([]);
  });

  it('fails a service the PodMonitor does not scrape', () => {
    const objects = overlayWithChange('prod', 'PodMonitor', 'shelflife-services', (m) => m.spec.selector.matchExpressions[0].values.pop());
    expect(violations(objects, 'scrape-targets', 'prod')).toEqual([
      expect.stringContaining('Deployment shelflife/batch-aggregator: serves /metrics on port admin but no PodMonitor scrapes it'),
    ]);
  });

  it('fails a scrape the NetworkPolicies would block', () => {
    const objects = renderedOverlay('prod').filter((o) => o.metadata.name !== 'allow-metrics-scrape');
    expect(violations(objects, 'scrape-targets', 'prod')).toHaveLength(5);
  });

  it('fails prod without its monitoring', () => {
    const objects = renderedOverlay('prod').filter(
      (o) => !o.apiVersion.startsWith('monitoring.coreos.com/') && o.metadata.name !== DASHBOARD_MAP,
    );
    expect(violations(objects, 'scrape-targets', 'prod')).toEqual([
      expect.stringContaining('prod must ship a PodMonitor'),
      expect.stringContaining('prod must ship the alerting rules'),
      expect.stringContaining('prod must ship the Grafana dashboard'),
    ]);
  });
});

describe('console (internal only)', () => {
  it('fails a console exposed outside the cluster', () => {
    const objects = overlayWithChange('prod', 'Service', 'console', (s) => (s.spec.type = 'LoadBalancer'));
    expect(violations(objects, 'network-policies', 'prod')).toEqual([
      expect.stringContaining('type LoadBalancer exposes it outside the cluster'),
    ]);
  });

  it('fails a console NetworkPolicy that admits other namespaces', () => {
    const objects = overlayWithChange('dev', 'NetworkPolicy', 'console', (p) => (p.spec.ingress[0].from = [{ namespaceSelector: {} }]));
    expect(violations(objects, 'network-policies')).toEqual(
      expect.arrayContaining([expect.stringContaining('lets any source reach console')]),
    );
  });

  it('fails a console that reads a gRPC service through one ClusterIP address', () => {
    const objects = overlayWithChange('dev', 'ConfigMap', 'console-config', (c) => (c.data.SHELFLIFE_SCORER_ADDR = 'stream-scorer:50052'));
    expect(violations(objects, 'grpc-spread')).toEqual([
      expect.stringContaining('SHELFLIFE_SCORER_ADDR="stream-scorer:50052" gives the client one address'),
    ]);
  });
});
