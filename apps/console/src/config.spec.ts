import { loadConsoleConfig } from './config';

describe('the console configuration', () => {
  it("defaults to the demo's local layout", () => {
    const config = loadConsoleConfig({});
    expect(config.port).toBe(8090);
    expect(config.metricsTargets.map((t) => t.name)).toEqual([
      'storefront-gateway',
      'event-collector',
      'stream-scorer',
      'quality-sentinel',
      'batch-aggregator',
    ]);
  });

  it('reads name=url targets, dns+http for every address of a headless Service', () => {
    const config = loadConsoleConfig({
      SHELFLIFE_CONSOLE_METRICS_TARGETS: 'stream-scorer=dns+http://stream-scorer-headless:9464, gateway=http://gw:9464/',
    });
    expect(config.metricsTargets).toEqual([
      { name: 'stream-scorer', url: 'http://stream-scorer-headless:9464', everyAddress: true },
      { name: 'gateway', url: 'http://gw:9464', everyAddress: false },
    ]);
  });

  it('names the variable and what is wrong with a bad target', () => {
    expect(() => loadConsoleConfig({ SHELFLIFE_CONSOLE_METRICS_TARGETS: 'scorer' })).toThrow(
      /SHELFLIFE_CONSOLE_METRICS_TARGETS="scorer": "scorer" is not name=url/,
    );
    expect(() => loadConsoleConfig({ SHELFLIFE_CONSOLE_METRICS_TARGETS: 'scorer=ftp://x' })).toThrow(/must be http:\/\/ or https:\/\//);
  });
});
