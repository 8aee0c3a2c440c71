import { ConfigError, address, boolean, integer, loadConfig, port, string, url } from './env-spec';

describe('loadConfig', () => {
  const spec = {
    port: port('TEST_PORT', 8080, 'http port'),
    retries: integer('TEST_RETRIES', 3, 'retries', { min: 0, max: 10 }),
    amqp: url('TEST_AMQP', undefined, ['amqp:'], 'broker'),
    name: string('TEST_NAME', 'x', 'name'),
    target: address('TEST_TARGET', 'localhost:1', 'target'),
    flag: boolean('TEST_FLAG', false, 'flag'),
  };

  it('applies defaults when variables are unset or empty', () => {
    expect(loadConfig(spec, { TEST_NAME: '' })).toEqual({
      port: 8080,
      retries: 3,
      amqp: undefined,
      name: 'x',
      target: 'localhost:1',
      flag: false,
    });
  });

  it('parses set values', () => {
    const config = loadConfig(spec, { TEST_PORT: '9000', TEST_AMQP: 'amqp://guest:guest@localhost:5672', TEST_FLAG: 'yes' });
    expect(config.port).toBe(9000);
    expect(config.amqp).toBe('amqp://guest:guest@localhost:5672');
    expect(config.flag).toBe(true);
  });

  it('names every bad variable and what is allowed', () => {
    let thrown: unknown;
    try {
      loadConfig(spec, { TEST_PORT: '70000', TEST_RETRIES: 'three', TEST_AMQP: 'http://x', TEST_TARGET: 'nohost' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const problems = (thrown as ConfigError).problems.join('\n');
    expect(problems).toMatch(/TEST_PORT="70000": must be from 0 to 65535/);
    expect(problems).toMatch(/TEST_RETRIES="three": must be a whole number/);
    expect(problems).toMatch(/TEST_AMQP="http:\/\/x": must use amqp:/);
    expect(problems).toMatch(/TEST_TARGET="nohost": must be a gRPC target: host:port/);
  });

  it('takes every gRPC target form a client can spread over, and refuses the rest', () => {
    const target = (raw: string) => loadConfig({ target: address('TEST_TARGET', 'localhost:1', 'target') }, { TEST_TARGET: raw }).target;
    for (const ok of [
      'scorer:50052',
      'dns:///stream-scorer-headless.shop.svc:50052',
      'ipv4:127.0.0.1:50052,127.0.0.1:50062',
      'ipv6:[::1]:50052',
      '[::1]:50052',
    ])
      expect(target(ok)).toBe(ok);
    for (const bad of ['ipv4:127.0.0.1:50052,', 'dns:///nohost', 'ipv4:127.0.0.1:99999', 'a b:1'])
      expect(() => target(bad)).toThrow(/must be a gRPC target/);
  });
});
