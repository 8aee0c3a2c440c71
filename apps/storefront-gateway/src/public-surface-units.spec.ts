/** The parts of issue 15 with arithmetic or a grammar: token buckets, address buckets, the keys file, access-log sampling, the new settings. */
import { createHash } from 'node:crypto';
import { ConfigError } from '@shelflife/config';
import { loadGatewayConfig } from './config';
import { hashKey, parseKeysFile } from './ingest-keys';
import { addressBucket, TokenBuckets } from './rate-limit';
import { AccessLogSampler } from './request-outcomes';

describe('TokenBuckets', () => {
  it('grants a burst, then one request per token, and says when the next token comes', () => {
    const buckets = new TokenBuckets({ ratePerSec: 2, burst: 3 });
    const t = 1_000_000;
    expect([buckets.take('a', t), buckets.take('a', t), buckets.take('a', t)]).toEqual([0, 0, 0]);
    expect(buckets.take('a', t)).toBe(1); // half a second to the next token: Retry-After rounds up to 1
    expect(buckets.take('b', t)).toBe(0); // buckets are separate
    expect(buckets.take('a', t + 500)).toBe(0);
    expect(buckets.take('a', t + 500)).toBe(1);
    const slow = new TokenBuckets({ ratePerSec: 1, burst: 1 });
    expect(slow.take('x', t)).toBe(0);
    expect(slow.take('x', t + 100)).toBe(1);
    const slower = new TokenBuckets({ ratePerSec: 0.1, burst: 1 });
    expect(slower.take('x', t)).toBe(0);
    expect(slower.take('x', t + 1_000)).toBe(9); // 0.1 token there, 0.9 to go at 0.1/s
  });

  it('never refills past the burst', () => {
    const buckets = new TokenBuckets({ ratePerSec: 10, burst: 2 });
    buckets.take('a', 0);
    expect([buckets.take('a', 60_000), buckets.take('a', 60_000), buckets.take('a', 60_000)]).toEqual([0, 0, 1]);
  });

  it('keeps memory bounded: idle buckets are swept, and the least recently used go first past the cap', () => {
    const buckets = new TokenBuckets({ ratePerSec: 1, burst: 2, maxBuckets: 3 });
    for (const name of ['a', 'b', 'c']) buckets.take(name, 0);
    buckets.take('a', 10); // a is now the most recently used
    buckets.take('d', 20); // evicts b
    expect(buckets.size).toBe(3);
    buckets.take('b', 30);
    buckets.take('b', 30);
    expect(buckets.take('b', 30)).toBe(1); // b came back as a fresh full bucket (2 tokens), now empty
    buckets.sweep(30 + 2_000); // everything has refilled by then
    expect(buckets.size).toBe(0);
  });
});

describe('addressBucket', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s -> %s', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });
});

describe('parseKeysFile', () => {
  const hash = (key: string) => createHash('sha256').update(key).digest('hex');

  it('reads sources and hashes, with comments, blank lines, any spacing and upper-case hex', () => {
    const keys = parseKeysFile(`# keys\n\nweb ${hash('k1')}\n  web\t${hash('k2').toUpperCase()}  # next\r\napp ${hash('k3')}\n`, 'keys');
    expect(keys.map((k) => [k.source, k.hash.toString('hex')])).toEqual([
      ['web', hash('k1')],
      ['web', hash('k2')],
      ['app', hash('k3')],
    ]);
    expect(hashKey('k1')).toBe(hash('k1'));
  });

  it.each([
    [`web ${hash('a')} extra`, /keys line 1: expected "<source> <sha256 hex of the key>", found 3 fields/],
    [`# c\nweb`, /keys line 2: expected .* found 1 field$/],
    [`web my-secret-key`, /line 1: the second field must be the SHA-256 of the key/],
    [`w/eb ${hash('a')}`, /line 1: "w\/eb" is not a source name/],
    [`web ${hash('a')}\napp ${hash('a')}`, /line 2: the same key is already on line 1 \(source "web"\)/],
  ])('refuses %j naming the line', (text, message) => {
    expect(() => parseKeysFile(text, 'keys')).toThrow(message);
  });

  it('never quotes a key that was written in place of its hash', () => {
    expect(() => parseKeysFile('web my-secret-key', 'keys')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('my-secret-key') }),
    );
  });
});

describe('AccessLogSampler', () => {
  it('writes every line up to the rate in a second, then the ratio; 5xx always', () => {
    let now = 5_000;
    let dice = 0.5;
    const sampler = new AccessLogSampler({ perSec: 2, sampleRatio: 0.1, now: () => now, random: () => dice });
    expect([sampler.decide(200), sampler.decide(404)]).toEqual([1, 1]);
    expect(sampler.decide(200)).toBeUndefined();
    dice = 0.05;
    expect(sampler.decide(200)).toBe(0.1);
    expect(sampler.decide(503)).toBe(1);
    now += 1_000;
    dice = 0.5;
    expect(sampler.decide(200)).toBe(1);
  });
});

describe('gateway settings of issue 15', () => {
  const base = { SHELFLIFE_HTTP_PORT: '0' };
  it('has defaults that leave the demo and the benchmarks as they were', () => {
    const config = loadGatewayConfig(base);
    expect(config).toMatchObject({
      ingestKeysFile: undefined,
      rateLimitKeyPerSec: 2_000,
      rateLimitKeyBurst: undefined,
      rateLimitAddressPerSec: 0,
      trustProxy: false,
      corsOrigins: undefined,
      accessLogPerSec: 100,
      accessLogSampleRatio: 0.01,
    });
  });

  it('reads origins, proxies and ratios, and refuses what would be unsafe or wrong', () => {
    expect(loadGatewayConfig({ ...base, SHELFLIFE_CORS_ORIGINS: 'https://shop.example.com/, http://localhost:5173' }).corsOrigins).toEqual([
      'https://shop.example.com',
      'http://localhost:5173',
    ]);
    expect(loadGatewayConfig({ ...base, SHELFLIFE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadGatewayConfig({ ...base, SHELFLIFE_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback,10.0.0.0/8');
    for (const [variable, value, problem] of [
      ['SHELFLIFE_CORS_ORIGINS', '*', /is not an origin/],
      ['SHELFLIFE_CORS_ORIGINS', 'https://shop.example.com/cart', /is not an origin/],
      ['SHELFLIFE_TRUST_PROXY', 'true', /trusts every address/],
      ['SHELFLIFE_TRUST_PROXY', 'proxy.internal', /must be false, a hop count, or addresses/],
      ['SHELFLIFE_ACCESS_LOG_SAMPLE_RATIO', '2', /from 0 to 1/],
      ['SHELFLIFE_RATE_LIMIT_KEY_BURST', '0', /must be from 1/],
    ] as const) {
      expect(() => loadGatewayConfig({ ...base, [variable]: value })).toThrow(ConfigError);
      expect(() => loadGatewayConfig({ ...base, [variable]: value })).toThrow(problem);
    }
  });
});
