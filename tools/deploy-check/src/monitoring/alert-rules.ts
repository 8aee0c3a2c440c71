import { isJsonMap, JsonMap } from '../k8s-object';
import { MetricCatalog, SeriesInfo } from './metric-catalog';
import { promqlProblems } from './promql';
import { runbookProblem } from './runbooks';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export const REQUIRED_ANNOTATIONS = ['summary', 'description', 'runbook_url'] as const;
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;

function groupsOf(spec: unknown): JsonMap[] {
  return isJsonMap(spec) && Array.isArray(spec.groups) ? spec.groups.filter(isJsonMap) : [];
}

/** The series recording rules add, usable by alerts and dashboards like exported ones (labels unknown). */
export function recordedSeries(specs: unknown[]): Map<string, SeriesInfo> {
  const recorded = new Map<string, SeriesInfo>();
  for (const spec of specs) {
    for (const group of groupsOf(spec)) {
      for (const rule of Array.isArray(group.rules) ? group.rules.filter(isJsonMap) : []) {
        if (typeof rule.record === 'string')
          recorded.set(rule.record, {
            metric: rule.record,
            type: 'recorded',
            labels: undefined,
            source: `recording rule in group ${String(group.name)}`,
          });
      }
    }
  }
  return recorded;
}

/**
 * What is wrong with one PrometheusRule spec: groups with unique names and rules; every expression parses
 * and selects exported (or recorded) series with labels they carry; every alert waits (for:), says how bad
 * it is (severity: critical, warning or info) and what to do (summary, description, runbook_url to a
 * section that exists).
 */
export function prometheusRuleProblems(
  spec: unknown,
  catalog: MetricCatalog,
  runbook: (link: string) => string | undefined = runbookProblem,
): string[] {
  const problems: string[] = [];
  const groups = groupsOf(spec);
  if (groups.length === 0) problems.push('has no rule groups');
  const groupNames = new Set<unknown>();
  for (const group of groups) {
    const groupName = String(group.name ?? '');
    if (groupName === '' || groupNames.has(group.name)) problems.push(`group "${groupName}": needs a name unique in the PrometheusRule`);
    groupNames.add(group.name);
    const rules = Array.isArray(group.rules) ? group.rules.filter(isJsonMap) : [];
    if (rules.length === 0) problems.push(`group ${groupName}: has no rules`);
    for (const [index, rule] of rules.entries()) {
      const name = typeof rule.alert === 'string' ? rule.alert : typeof rule.record === 'string' ? rule.record : `rule ${index + 1}`;
      const where = `group ${groupName}, ${typeof rule.alert === 'string' ? 'alert' : 'record'} ${name}`;
      if ((rule.alert === undefined) === (rule.record === undefined)) problems.push(`${where}: set exactly one of alert and record`);
      const expr = typeof rule.expr === 'number' ? String(rule.expr) : rule.expr;
      if (typeof expr !== 'string' || expr.trim() === '') problems.push(`${where}: has no expr`);
      else for (const problem of promqlProblems(expr, catalog)) problems.push(`${where}: ${problem}`);
      if (rule.alert === undefined) continue;
      if (typeof rule.for !== 'string' || !DURATION.test(rule.for) || /^0+[a-z]+$/.test(rule.for)) {
        problems.push(`${where}: needs for: (a duration above zero) so one bad scrape does not page`);
      }
      const labels = isJsonMap(rule.labels) ? rule.labels : {};
      if (!SEVERITIES.includes(labels.severity as (typeof SEVERITIES)[number])) {
        problems.push(`${where}: needs labels.severity: one of ${SEVERITIES.join(', ')} (Alertmanager routes on it)`);
      }
      const annotations = isJsonMap(rule.annotations) ? rule.annotations : {};
      for (const key of REQUIRED_ANNOTATIONS) {
        if (typeof annotations[key] !== 'string' || (annotations[key] as string).trim() === '')
          problems.push(`${where}: needs annotations.${key}`);
      }
      if (typeof annotations.runbook_url === 'string' && annotations.runbook_url.trim() !== '') {
        const problem = runbook(annotations.runbook_url.trim());
        if (problem) problems.push(`${where}: ${problem}`);
      }
    }
  }
  return problems;
}
