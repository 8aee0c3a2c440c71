import { parseEvalArgs, USAGE, type EvalArgs } from './cli-args';
import { loadFiles, loadNamedDataset, type EvalDataset } from './datasets';
import type { EvalResult } from './metrics';
import { evaluate, train } from './protocol';
import { AssociationRules } from './recommenders/association-rules';
import { Popularity } from './recommenders/popularity';
import { ScorerRecommender } from './recommenders/scorer';
import { SequentialRules } from './recommenders/sequential-rules';
import type { SessionRecommender } from './recommenders/session-recommender';
import { formatOptions, resultHeader, resultRow } from './report';
import { scoreOptions, tune } from './tuning';

/**
 * Evaluates the scorer against AR, SR and popularity on one data set: tune on a validation split of the
 * training data, then train on all of it and measure on the test split. Ends with one JSON line.
 */
function main(): void {
  let args: EvalArgs;
  try {
    args = parseEvalArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  let dataset: EvalDataset;
  try {
    dataset =
      'dataset' in args.source ? loadNamedDataset(args.source.dataset) : loadFiles(args.source.train, args.source.test, args.source.format);
  } catch (error) {
    console.error(`cannot load the data: ${(error as Error).message}`);
    process.exit(1);
  }
  describe(dataset);

  const options = args.options ?? (args.tune ? tuneOnValidation(dataset, args.k) : {});
  console.log(`scorer options (over the defaults): ${formatOptions(options)}`);

  const catalogue = catalogueSize(dataset.split.train);
  const settings = { k: args.k, mode: args.mode, kind: dataset.kind };
  console.log(`\ntest (${args.mode}, ${dataset.kind === 'basket' ? 'leave-one-out per basket' : 'next click'}):`);
  console.log(resultHeader(args.k));
  const results = new Map<string, { result: EvalResult; eventsPerSec: number }>();
  for (const recommender of [
    new ScorerRecommender(options),
    new AssociationRules(),
    new SequentialRules(),
    new Popularity(),
  ] as SessionRecommender[]) {
    const { eventsPerSec } = train(recommender, dataset.split.train);
    const result = evaluate(recommender, dataset.split.test, catalogue, settings);
    results.set(recommender.name, { result, eventsPerSec });
    console.log(resultRow(recommender.name, result, eventsPerSec));
  }
  const scorer = results.get('scorer')!;
  const baselines = Object.fromEntries(
    [...results]
      .filter(([name]) => name !== 'scorer')
      .map(([name, { result }]) => [
        name,
        { hr: round(result.hr), mrr: round(result.mrr), hrUnseen: round(result.hrUnseen), mrrUnseen: round(result.mrrUnseen) },
      ]),
  );
  const { k, n, hr, mrr, hrUnseen, mrrUnseen, coverage } = scorer.result;
  console.log(
    JSON.stringify({
      k,
      n,
      hr: round(hr),
      mrr: round(mrr),
      hrUnseen: round(hrUnseen),
      mrrUnseen: round(mrrUnseen),
      coverage: round(coverage),
      eventsPerSec: Math.round(scorer.eventsPerSec),
      dataset: dataset.name,
      mode: args.mode,
      baselines,
    }),
  );
}

function tuneOnValidation(dataset: EvalDataset, k: number): object {
  const { validation, kind } = dataset;
  const catalogue = catalogueSize(validation.train);
  const settings = { k, mode: 'static' as const, kind };
  const reference = { hr: 0, mrr: 0, hrUnseen: 0, mrrUnseen: 0 };
  for (const baseline of [new AssociationRules(), new SequentialRules()]) {
    train(baseline, validation.train);
    const result = evaluate(baseline, validation.test, catalogue, settings);
    for (const key of Object.keys(reference) as (keyof typeof reference)[]) reference[key] = Math.max(reference[key], result[key]);
  }
  const defaults = scoreOptions({}, validation, kind, k, catalogue);
  console.log(
    `validation: best of AR/SR HR@${k} ${(reference.hr * 100).toFixed(2)}%, MRR@${k} ${(reference.mrr * 100).toFixed(2)}%; scorer defaults ${(defaults.hr * 100).toFixed(2)}% / ${(defaults.mrr * 100).toFixed(2)}%`,
  );
  return tune(validation, kind, k, catalogue, reference, (line) => console.log(line));
}

function describe(dataset: EvalDataset): void {
  const count = (sessions: { clicks: unknown[] }[]) => sessions.reduce((sum, session) => sum + session.clicks.length, 0);
  const { split, validation } = dataset;
  console.log(
    `data set ${dataset.name} (${dataset.kind}): train ${split.train.length} sessions / ${count(split.train)} events, test ${split.test.length} sessions / ${count(split.test)} events`,
  );
  console.log(`validation (inside train): ${validation.train.length} / ${validation.test.length} sessions`);
}

function catalogueSize(sessions: { clicks: { itemId: string }[] }[]): number {
  return new Set(sessions.flatMap((session) => session.clicks.map((click) => click.itemId))).size;
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;

main();
