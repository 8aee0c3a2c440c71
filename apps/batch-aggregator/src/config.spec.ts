import { loadAggregatorConfig } from './config';

describe('SHELFLIFE_BATCH_MAX_REJECTED_SHARE', () => {
  it('defaults to half of the lines and reads a decimal or a percentage', () => {
    expect(loadAggregatorConfig({}).maxRejectedShare).toBe(0.5);
    expect(loadAggregatorConfig({ SHELFLIFE_BATCH_MAX_REJECTED_SHARE: '0.05' }).maxRejectedShare).toBe(0.05);
    expect(loadAggregatorConfig({ SHELFLIFE_BATCH_MAX_REJECTED_SHARE: '20%' }).maxRejectedShare).toBe(0.2);
  });

  it('refuses a value outside 0..1, naming the variable and what is allowed', () => {
    for (const bad of ['1.5', '-0.1', 'half', '%', '150%']) {
      expect(() => loadAggregatorConfig({ SHELFLIFE_BATCH_MAX_REJECTED_SHARE: bad })).toThrow(
        /SHELFLIFE_BATCH_MAX_REJECTED_SHARE=.*must be a share from 0 to 1/,
      );
    }
  });
});
