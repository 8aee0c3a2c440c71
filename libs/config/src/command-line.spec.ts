import { usageOf } from './command-line';

it('writes the usage from the options: flags, values and defaults', () => {
  const usage = usageOf('npm run demo --', 'the whole pipeline', {
    duration: { type: 'string' },
    sessions: { type: 'string', default: '15' },
    embedded: { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v' },
  });
  expect(usage.split('\n')).toEqual([
    'usage: npm run demo -- [options]',
    'the whole pipeline',
    '',
    'options:',
    '  --duration <value>',
    '  --sessions <value> (default "15")',
    '  --embedded',
    '  --verbose, -v',
    '  --help, -h',
  ]);
});
