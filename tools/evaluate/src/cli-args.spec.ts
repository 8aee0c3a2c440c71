import { parseEvalArgs } from './cli-args';

describe('parseEvalArgs', () => {
  it('reads a named data set with defaults', () => {
    expect(parseEvalArgs(['--dataset', 'diginetica'])).toEqual({
      source: { dataset: 'diginetica' },
      mode: 'static',
      k: 20,
      tune: true,
      options: undefined,
    });
  });

  it('reads files, mode, k and hand-given options (which skip tuning)', () => {
    const args = parseEvalArgs([
      '--train',
      'a.tsv',
      '--test',
      'b.tsv',
      '--format',
      'session-tsv',
      '--mode',
      'prequential',
      '--k',
      '10',
      '--options',
      '{"halfLifeMs":"Infinity"}',
    ]);
    expect(args).toEqual({
      source: { train: 'a.tsv', test: 'b.tsv', format: 'session-tsv' },
      mode: 'prequential',
      k: 10,
      tune: false,
      options: { halfLifeMs: Infinity },
    });
  });

  it('names what is wrong', () => {
    expect(() => parseEvalArgs(['--dataset', 'movies'])).toThrow(/--dataset must be one of diginetica, otto, online-retail, groceries/);
    expect(() => parseEvalArgs(['--train', 'a.tsv'])).toThrow(/all of --train FILE --test FILE --format FORMAT/);
    expect(() => parseEvalArgs(['--dataset', 'otto', '--k', '0'])).toThrow(/--k must be an integer in 1..1000/);
    expect(() => parseEvalArgs(['--dataset', 'otto', '--options', '[1]'])).toThrow(/--options must be a JSON object/);
  });
});
