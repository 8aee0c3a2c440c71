import { overlayWithChange, renderedOverlay, violations } from '../testing/manifests';

describe('sentinel-standby', () => {
  it('passes the shipped prod overlay (an active and a standby sentinel) and does not apply to dev', () => {
    expect(violations(renderedOverlay('prod'), 'sentinel-standby', 'prod')).toEqual([]);
    expect(violations(renderedOverlay('dev'), 'sentinel-standby', 'dev')).toEqual([]);
  });

  it('fails prod with one sentinel: nothing stands by to take over the single-active-consumer queue', () => {
    const objects = overlayWithChange('prod', 'Deployment', 'quality-sentinel', (d) => (d.spec.replicas = 1));
    expect(violations(objects, 'sentinel-standby', 'prod')).toEqual([
      expect.stringContaining(
        'Deployment shelflife/quality-sentinel: prod runs 1 replica(s); run at least 2 (set replicas: 2 in overlays/prod/sentinel-standby.yaml)',
      ),
    ]);
  });

  it.each([2, '100%'])('fails a PodDisruptionBudget with maxUnavailable %s, which lets a drain take both', (maxUnavailable) => {
    const objects = overlayWithChange('prod', 'PodDisruptionBudget', 'quality-sentinel', (p) => (p.spec.maxUnavailable = maxUnavailable));
    expect(violations(objects, 'sentinel-standby', 'prod')).toEqual([
      expect.stringContaining('lets a drain evict all 2 sentinels at once; set maxUnavailable: 1'),
    ]);
  });
});
