import { isJsonMap, JsonMap } from '../k8s-object';
import { MetricCatalog } from './metric-catalog';
import { promqlProblems } from './promql';

/** Grafana's global interval variables: any duration stands in for them when the query is parsed. */
const INTERVAL_VARIABLES = ['__rate_interval', '__interval', '__range', '__auto'];
/** Grafana's other built-ins, which expand to numbers or text (inside strings, as used in queries). */
const OTHER_BUILTINS = ['__interval_ms', '__range_ms', '__range_s', '__from', '__to', '__dashboard', '__org', '__user', '__name'];
/** `$name`, `${name}`, `${name:format}`, `[[name]]`: Grafana's variable syntaxes. */
const VARIABLE = /\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)(?::[^\]]*)?\]\]/g;

/** Panels without a query of their own. */
const NO_QUERY_PANELS = new Set(['row', 'text', 'news', 'dashlist', 'alertlist', 'annolist']);

/**
 * The query with Grafana's variables replaced so it parses as PromQL: interval variables by a duration,
 * dashboard variables by a placeholder (they stand inside label values). Unknown variables are problems:
 * Grafana would send them unexpanded.
 */
export function expandVariables(query: string, declared: ReadonlySet<string>): { query: string; unknown: string[] } {
  const unknown: string[] = [];
  const expanded = query.replace(VARIABLE, (whole, braced?: string, plain?: string, bracketed?: string) => {
    const name = braced ?? plain ?? bracketed ?? '';
    if (INTERVAL_VARIABLES.includes(name)) return '5m';
    if (OTHER_BUILTINS.includes(name) || declared.has(name)) return 'var';
    unknown.push(whole);
    return whole;
  });
  return { query: expanded, unknown };
}

/** Every panel, rows' collapsed children included. */
function allPanels(dashboard: JsonMap): JsonMap[] {
  const top = Array.isArray(dashboard.panels) ? dashboard.panels.filter(isJsonMap) : [];
  return top.flatMap((panel) => [panel, ...(Array.isArray(panel.panels) ? panel.panels.filter(isJsonMap) : [])]);
}

function datasourceProblem(datasource: unknown, variables: ReadonlyMap<string, JsonMap>): string | undefined {
  if (datasource === undefined || datasource === null) return 'has no datasource';
  const ref = typeof datasource === 'string' ? { uid: datasource } : isJsonMap(datasource) ? datasource : {};
  const uid = typeof ref.uid === 'string' ? ref.uid : '';
  const variable = /^\$\{?(\w+)\}?$/.exec(uid)?.[1];
  if (variable) {
    const declared = variables.get(variable);
    if (!declared) return `uses datasource variable $${variable}, which the dashboard does not declare`;
    if (declared.type !== 'datasource' || declared.query !== 'prometheus')
      return `datasource variable $${variable} is not a Prometheus datasource variable`;
    return undefined;
  }
  if (ref.type !== 'prometheus') return `datasource ${JSON.stringify(datasource)} is not Prometheus`;
  // A fixed uid is one installation's datasource: the dashboard would show nothing anywhere else.
  return `datasource uid "${uid}" names one Grafana's datasource; use a datasource variable (\${datasource})`;
}

/** label_values(query, label) and query_result(query): the PromQL inside a template variable's query. */
function variableQuery(variable: JsonMap): string | undefined {
  const raw = isJsonMap(variable.query) ? variable.query.query : variable.query;
  if (typeof raw !== 'string') return undefined;
  const labelValues = /^\s*label_values\((.*),\s*(\w+)\s*\)\s*$/s.exec(raw);
  if (labelValues) return labelValues[1];
  if (/^\s*label_values\(\s*\w+\s*\)\s*$/.test(raw)) return undefined; // label_values(label): any series
  const result = /^\s*query_result\((.*)\)\s*$/s.exec(raw);
  return result ? result[1] : raw;
}

/**
 * What is wrong with one Grafana dashboard (its JSON text): it must parse, have a uid and a title, no
 * import-time inputs (the sidecar does not resolve them), and every panel that queries must have a title,
 * a Prometheus datasource given by a datasource variable, and PromQL that parses and selects only series
 * the code exports, with labels they carry.
 */
export function dashboardProblems(text: string, catalog: MetricCatalog): string[] {
  let dashboard: unknown;
  try {
    dashboard = JSON.parse(text);
  } catch (error) {
    return [`is not valid JSON: ${(error as Error).message}`];
  }
  if (!isJsonMap(dashboard)) return ['is not a JSON object'];
  const problems: string[] = [];
  if (typeof dashboard.uid !== 'string' || dashboard.uid === '')
    problems.push("needs a uid (a stable one keeps links and the sidecar's updates to one dashboard)");
  if (typeof dashboard.title !== 'string' || dashboard.title === '') problems.push('needs a title');
  if ('__inputs' in dashboard)
    problems.push(
      'has __inputs (an export "for sharing externally"): the Grafana sidecar does not resolve them; use a datasource variable',
    );

  const templating =
    isJsonMap(dashboard.templating) && Array.isArray(dashboard.templating.list) ? dashboard.templating.list.filter(isJsonMap) : [];
  const variables = new Map(templating.filter((v) => typeof v.name === 'string').map((v) => [v.name as string, v]));
  const names = new Set(variables.keys());
  for (const variable of templating) {
    if (variable.type !== 'query') continue;
    const where = `variable $${String(variable.name)}`;
    const dsProblem = datasourceProblem(variable.datasource, variables);
    if (dsProblem) problems.push(`${where}: ${dsProblem}`);
    const query = variableQuery(variable);
    if (query === undefined) continue;
    const expanded = expandVariables(query, names);
    for (const unknown of expanded.unknown) problems.push(`${where}: variable ${unknown} is not declared`);
    for (const problem of promqlProblems(expanded.query, catalog)) problems.push(`${where}: ${problem}`);
  }

  const ids = new Set<unknown>();
  for (const panel of allPanels(dashboard)) {
    const title = typeof panel.title === 'string' ? panel.title.trim() : '';
    const where = `panel ${panel.id ?? '?'} "${title}"`;
    if (panel.id === undefined || ids.has(panel.id)) problems.push(`${where}: needs an id unique in the dashboard`);
    ids.add(panel.id);
    if (!isJsonMap(panel.gridPos) || typeof panel.gridPos.w !== 'number' || typeof panel.gridPos.h !== 'number')
      problems.push(`${where}: needs a gridPos with w and h`);
    if (NO_QUERY_PANELS.has(String(panel.type))) continue;
    if (title === '') problems.push(`${where}: needs a title`);
    const targets = Array.isArray(panel.targets) ? panel.targets.filter(isJsonMap) : [];
    if (targets.length === 0) problems.push(`${where}: has no queries`);
    const refIds = new Set<unknown>();
    for (const target of targets) {
      const at = `${where} query ${String(target.refId ?? '?')}`;
      if (target.refId === undefined || refIds.has(target.refId)) problems.push(`${at}: needs a refId unique in the panel`);
      refIds.add(target.refId);
      const dsProblem = datasourceProblem(target.datasource ?? panel.datasource, variables);
      if (dsProblem) problems.push(`${at}: ${dsProblem}`);
      if (typeof target.expr !== 'string' || target.expr.trim() === '') {
        problems.push(`${at}: has no PromQL expr`);
        continue;
      }
      const expanded = expandVariables(target.expr, names);
      for (const unknown of expanded.unknown) problems.push(`${at}: variable ${unknown} is not declared`);
      for (const problem of promqlProblems(expanded.query, catalog)) problems.push(`${at}: ${problem}`);
    }
  }
  return problems;
}
