import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { MetricCatalog, TARGET_LABELS } from './metric-catalog';

/**
 * PromQL is read with @prometheus-io/lezer-promql, the grammar the Prometheus web UI itself uses (maintained
 * in the Prometheus repository), so what parses here parses in Prometheus. Only its syntax tree is used:
 * the selectors with their metric names and label matchers, and the labels aggregations group by.
 */

export interface LabelMatcher {
  label: string;
  op: string;
  value: string;
}

export interface Selector {
  /** The metric name, or undefined when the selector names none (`{job="x"}`). */
  metric: string | undefined;
  matchers: LabelMatcher[];
}

export interface Grouping {
  labels: string[];
  /** Metrics selected inside the aggregation, whose labels the grouping can use. */
  metrics: (string | undefined)[];
  /** Labels made inside the aggregation by label_replace/label_join. */
  madeLabels: string[];
}

export interface ParsedQuery {
  syntaxError?: string;
  selectors: Selector[];
  groupings: Grouping[];
}

function text(query: string, node: SyntaxNode | null | undefined): string {
  return node ? query.slice(node.from, node.to) : '';
}

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/"/g, '\\"')}"` : literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}

function selectorOf(query: string, node: SyntaxNode): Selector {
  const identifier = node.getChild('Identifier');
  const matchers: LabelMatcher[] = [];
  for (const matcher of descendants(node, 'UnquotedLabelMatcher')) {
    matchers.push({
      label: text(query, matcher.getChild('LabelName')),
      op: text(query, matcher.getChild('MatchOp')),
      value: unquote(text(query, matcher.getChild('StringLiteral'))),
    });
  }
  for (const matcher of descendants(node, 'QuotedLabelMatcher')) {
    matchers.push({
      label: unquote(text(query, matcher.getChild('QuotedLabelName'))),
      op: text(query, matcher.getChild('MatchOp')),
      value: unquote(text(query, matcher.getChild('StringLiteral'))),
    });
  }
  // {"metric_name"} and {__name__="metric_name"} name the metric too.
  const quotedName = descendants(node, 'QuotedLabelName').find((n) => n.parent?.name === 'LabelMatchers');
  const byName = matchers.find((m) => m.label === '__name__' && m.op === '=');
  return { metric: identifier ? text(query, identifier) : quotedName ? unquote(text(query, quotedName)) : byName?.value, matchers };
}

export function parsePromql(query: string): ParsedQuery {
  const tree = parser.parse(query);
  const selectors: Selector[] = [];
  const groupings: Grouping[] = [];
  let syntaxError: string | undefined;
  tree.iterate({
    enter(ref) {
      if (ref.type.isError && syntaxError === undefined) {
        const near = query.slice(Math.max(0, ref.from - 10), ref.from + 10);
        syntaxError = `syntax error at character ${ref.from + 1} (near "${near}")`;
      }
      if (ref.name === 'VectorSelector') selectors.push(selectorOf(query, ref.node));
      if (ref.name === 'AggregateExpr') {
        const modifier = ref.node.getChild('AggregateModifier');
        if (modifier?.getChild('By')) {
          const labels = descendants(modifier, 'LabelName').map((n) => text(query, n));
          const body = ref.node.getChild('FunctionCallBody') ?? ref.node;
          const metrics = descendants(body, 'VectorSelector').map((n) => selectorOf(query, n).metric);
          const madeLabels = descendants(body, 'FunctionCall')
            .filter((call) => ['label_replace', 'label_join'].includes(text(query, call.getChild('FunctionIdentifier'))))
            // The destination label is the first string argument (the vector argument may hold strings of its own).
            .map((call) => call.getChild('FunctionCallBody')?.getChildren('StringLiteral')[0])
            .filter((literal): literal is SyntaxNode => literal !== undefined)
            .map((literal) => unquote(text(query, literal)));
          groupings.push({ labels, metrics, madeLabels });
        }
      }
    },
  });
  if (query.trim() === '') syntaxError = 'empty expression';
  return { syntaxError, selectors, groupings };
}

/**
 * What is wrong with a query against the series the code exports: a syntax error, a selector without a
 * metric name, a metric nobody defines, a label matcher or a `by` label the metric does not carry.
 */
export function promqlProblems(query: string, catalog: MetricCatalog): string[] {
  const parsed = parsePromql(query);
  if (parsed.syntaxError) return [parsed.syntaxError];
  const problems: string[] = [];
  const known = (label: string) => TARGET_LABELS.includes(label) || label === '__name__';
  for (const selector of parsed.selectors) {
    if (selector.metric === undefined) {
      problems.push(
        `selector {${selector.matchers.map((m) => `${m.label}${m.op}"${m.value}"`).join(',')}} names no metric; name one so it can be checked`,
      );
      continue;
    }
    const series = catalog.get(selector.metric);
    if (!series) {
      problems.push(`metric ${selector.metric} is not exported by any service (not defined in apps/ or libs/)`);
      continue;
    }
    for (const matcher of selector.matchers) {
      if (series.labels && !series.labels.has(matcher.label) && !known(matcher.label)) {
        problems.push(
          `${selector.metric} has no label "${matcher.label}" (it has: ${[...series.labels].join(', ') || 'none'}, plus the target labels)`,
        );
      }
    }
  }
  for (const grouping of parsed.groupings) {
    const labelSets = grouping.metrics.map((metric) => (metric === undefined ? undefined : catalog.get(metric)?.labels));
    if (labelSets.some((set) => set === undefined)) continue; // a problem reported above, or labels not known
    for (const label of grouping.labels) {
      if (known(label) || grouping.madeLabels.includes(label) || labelSets.some((set) => set!.has(label))) continue;
      problems.push(`by (${label}): none of ${grouping.metrics.join(', ')} has a label "${label}"`);
    }
  }
  return problems;
}
