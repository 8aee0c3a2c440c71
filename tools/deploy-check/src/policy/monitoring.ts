import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { isJsonMap, JsonMap, K8sObject, objectId } from '../k8s-object';
import { prometheusRuleProblems, recordedSeries } from '../monitoring/alert-rules';
import { dashboardProblems } from '../monitoring/grafana-dashboard';
import { MetricCatalog, repositoryMetrics } from '../monitoring/metric-catalog';
import { podSelectorLabels } from './network-reachability';
import { podTemplates, selectorMatches } from './pod-templates';
import { PolicyRule, Violation } from './violation';

/** The label Grafana's dashboard sidecar (kube-prometheus-stack's default) loads ConfigMaps by. */
export const DASHBOARD_LABEL = 'grafana_dashboard';
/** `kubectl apply` keeps the whole object in an annotation, which may not exceed 256 KiB. */
export const MAX_APPLIED_CONFIGMAP_BYTES = 256 * 1024;
/** The port every Shelflife service serves /metrics on. */
export const METRICS_PORT_NAME = 'admin';
const MONITORING_GROUP = 'monitoring.coreos.com/';
/** The namespace the platform's Prometheus runs in (the NetworkPolicies admit it to the admin ports). */
const PROMETHEUS_NAMESPACE = 'monitoring';

function isDashboardConfigMap(obj: K8sObject): boolean {
  return obj.kind === 'ConfigMap' && obj.metadata.labels?.[DASHBOARD_LABEL] !== undefined;
}

/** The catalog of exported series plus the series the render's recording rules add. */
function catalogFor(objects: K8sObject[]): MetricCatalog {
  const recorded = recordedSeries(objects.filter((o) => o.kind === 'PrometheusRule').map((o) => o.spec));
  return new Map([...repositoryMetrics().catalog, ...recorded]);
}

/** Every Grafana dashboard shipped as a sidecar ConfigMap is valid and queries only what the services export. */
export const grafanaDashboardsRule: PolicyRule = {
  name: 'grafana-dashboards',
  check(objects) {
    const violations: Violation[] = [];
    const dashboards = objects.filter(isDashboardConfigMap);
    if (dashboards.length === 0) return violations;
    const catalog = catalogFor(objects);
    const uids = new Map<string, string>();
    for (const configMap of dashboards) {
      const report = (message: string) => violations.push({ rule: this.name, object: objectId(configMap), message });
      const data = isJsonMap(configMap.data) ? (configMap.data as Record<string, unknown>) : {};
      const files = Object.entries(data).filter(([key]) => key.endsWith('.json'));
      if (files.length === 0) report(`has the ${DASHBOARD_LABEL} label but no *.json dashboard in data`);
      const size = Object.values(data).reduce<number>((sum, value) => sum + Buffer.byteLength(String(value)), 0);
      if (size > MAX_APPLIED_CONFIGMAP_BYTES)
        report(`holds ${size} bytes: kubectl apply cannot store more than 256 KiB in its last-applied annotation; split the dashboards`);
      for (const [key, text] of files) {
        for (const problem of dashboardProblems(String(text), catalog)) report(`${key}: ${problem}`);
        try {
          const uid = (JSON.parse(String(text)) as JsonMap).uid;
          if (typeof uid === 'string' && uids.has(uid))
            report(`${key}: uid ${uid} is also the uid of ${uids.get(uid)}; Grafana would keep only one`);
          if (typeof uid === 'string') uids.set(uid, `${configMap.metadata.name}/${key}`);
        } catch {
          // reported by dashboardProblems
        }
      }
    }
    return violations;
  },
};

/** Every PrometheusRule's expressions select exported series; every alert has for, severity and its annotations. */
export const prometheusRulesRule: PolicyRule = {
  name: 'prometheus-rules',
  check(objects) {
    const violations: Violation[] = [];
    const rules = objects.filter((o) => o.kind === 'PrometheusRule' && o.apiVersion.startsWith(MONITORING_GROUP));
    if (rules.length === 0) return violations;
    const catalog = catalogFor(objects);
    for (const rule of rules) {
      for (const message of prometheusRuleProblems(rule.spec, catalog))
        violations.push({ rule: this.name, object: objectId(rule), message });
    }
    return violations;
  },
};

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A Kubernetes label selector (matchLabels and matchExpressions); an empty selector matches everything. */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  return (
    byLabels &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      if (operator === 'In') return key in labels && values.includes(labels[key]);
      if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]);
      if (operator === 'Exists') return key in labels;
      if (operator === 'DoesNotExist') return !(key in labels);
      return false;
    })
  );
}

function spec(obj: K8sObject): JsonMap {
  return isJsonMap(obj.spec) ? obj.spec : {};
}

/** Whether a NetworkPolicy lets Prometheus's namespace reach the named port of these pods. */
function scrapeAllowed(
  policies: INetworkPolicy[],
  namespace: string | undefined,
  labels: Record<string, string>,
  port: { name: string; number: number },
): boolean {
  return policies.some(
    (policy) =>
      policy.metadata?.namespace === namespace &&
      selectorMatches(podSelectorLabels(policy), labels) &&
      (policy.spec?.ingress ?? []).some(
        (rule) =>
          (rule.from ?? []).some(
            (peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === PROMETHEUS_NAMESPACE && !peer.podSelector,
          ) && (rule.ports ?? []).some((p) => p.port === port.name || p.port === port.number),
      ),
  );
}

/**
 * Scraping: where the render ships monitoring (a PodMonitor, a PrometheusRule or a dashboard), every
 * pod with an admin port is selected by a PodMonitor on that port and a NetworkPolicy lets Prometheus in,
 * and every PodMonitor scrapes something. prod must ship all three: its alerts are part of the release.
 */
export const scrapeTargetsRule: PolicyRule = {
  name: 'scrape-targets',
  check(objects, context) {
    const violations: Violation[] = [];
    const report = (object: string, message: string) => violations.push({ rule: this.name, object, message });
    const podMonitors = objects.filter((o) => o.kind === 'PodMonitor' && o.apiVersion.startsWith(MONITORING_GROUP));
    const shipsMonitoring = objects.some((o) => o.apiVersion.startsWith(MONITORING_GROUP) || isDashboardConfigMap(o));
    if (context.overlay === 'prod') {
      if (podMonitors.length === 0) report('PodMonitor', "prod must ship a PodMonitor for the services' admin ports (deploy/monitoring)");
      if (!objects.some((o) => o.kind === 'PrometheusRule'))
        report('PrometheusRule', 'prod must ship the alerting rules (deploy/monitoring)');
      if (!objects.some(isDashboardConfigMap))
        report('ConfigMap', `prod must ship the Grafana dashboard (a ConfigMap labelled ${DASHBOARD_LABEL})`);
    }
    if (!shipsMonitoring) return violations;
    for (const problem of repositoryMetrics().problems) report('metrics in apps/ and libs/', problem);

    const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as INetworkPolicy[];
    const pods = podTemplates(objects).filter((p) => p.longRunning);
    const endpointsOf = (monitor: K8sObject) =>
      Array.isArray(spec(monitor).podMetricsEndpoints) ? (spec(monitor).podMetricsEndpoints as JsonMap[]) : [];
    const selects = (monitor: K8sObject, labels: Record<string, string>, namespace: string | undefined) =>
      monitor.metadata.namespace === namespace && labelSelectorMatches(spec(monitor).selector as LabelSelector | undefined, labels);
    for (const pod of pods) {
      const ports = (pod.spec.containers ?? []).flatMap((c) => c.ports ?? []);
      const admin = ports.find((p) => p.name === METRICS_PORT_NAME);
      if (!admin) continue;
      const namespace = pod.owner.metadata.namespace;
      const scraped = podMonitors.some(
        (m) => selects(m, pod.labels, namespace) && endpointsOf(m).some((e) => e.port === METRICS_PORT_NAME),
      );
      if (!scraped)
        report(
          pod.ownerId,
          `serves /metrics on port ${METRICS_PORT_NAME} but no PodMonitor scrapes it there: its series would be missing from the dashboard and alerts`,
        );
      else if (!scrapeAllowed(policies, namespace, pod.labels, { name: METRICS_PORT_NAME, number: admin.containerPort })) {
        report(
          pod.ownerId,
          `a PodMonitor scrapes it, but no NetworkPolicy admits the namespace ${PROMETHEUS_NAMESPACE} to port ${METRICS_PORT_NAME}`,
        );
      }
    }
    for (const monitor of podMonitors) {
      const selected = pods.filter((p) => selects(monitor, p.labels, p.owner.metadata.namespace));
      if (selected.length === 0) report(objectId(monitor), 'selects no pod template of the render');
      for (const endpoint of endpointsOf(monitor)) {
        const declared = selected.some((p) =>
          (p.spec.containers ?? []).some((c) => (c.ports ?? []).some((port) => port.name === endpoint.port)),
        );
        if (typeof endpoint.port !== 'string' || !declared)
          report(objectId(monitor), `endpoint port ${JSON.stringify(endpoint.port)} is not a named port of the pods it selects`);
      }
    }
    return violations;
  },
};
