import { overlayWithChange, violations } from '../testing/manifests';

describe('workloads', () => {
  it('fails a nightly CronJob that may overlap', () => {
    const objects = overlayWithChange('dev', 'CronJob', 'batch-aggregator-nightly', (c) => (c.spec.concurrencyPolicy = 'Allow'));
    expect(violations(objects, 'workloads')).toEqual([expect.stringContaining('concurrencyPolicy: Forbid')]);
  });

  it('fails a nightly run without --once', () => {
    const objects = overlayWithChange('dev', 'CronJob', 'batch-aggregator-nightly', (c) =>
      c.spec.jobTemplate.spec.template.spec.containers[0].command.pop(),
    );
    expect(violations(objects, 'workloads')).toEqual([expect.stringContaining('must run dist/apps/batch-aggregator/cli.js --once')]);
  });

  it('fails a service whose pods no PodDisruptionBudget covers', () => {
    const objects = overlayWithChange(
      'dev',
      'PodDisruptionBudget',
      'event-collector',
      (p) => (p.spec.selector.matchLabels['app.kubernetes.io/name'] = 'collector'),
    );
    expect(violations(objects, 'workloads')).toEqual([expect.stringContaining('no PodDisruptionBudget selects its pods')]);
  });

  it('fails a StatefulSet without persistent volumes', () => {
    const objects = overlayWithChange('prod', 'StatefulSet', 'rabbitmq', (s) => delete s.spec.volumeClaimTemplates);
    expect(violations(objects, 'workloads', 'prod')).toEqual([expect.stringContaining('needs volumeClaimTemplates')]);
  });

  it('fails when an autoscaled service loses its autoscaler', () => {
    const objects = overlayWithChange(
      'dev',
      'HorizontalPodAutoscaler',
      'event-collector',
      (h) => (h.spec.scaleTargetRef.name = 'collector'),
    );
    expect(violations(objects, 'workloads')).toEqual([
      expect.stringContaining('Deployment event-collector: needs a HorizontalPodAutoscaler'),
    ]);
  });
});

describe('overlay-expectations', () => {
  it('fails prod with a single RabbitMQ node (quorum queues need 3)', () => {
    const objects = overlayWithChange('prod', 'StatefulSet', 'rabbitmq', (s) => (s.spec.replicas = 1));
    expect(violations(objects, 'overlay-expectations', 'prod')).toEqual([
      expect.stringContaining('at least 3 replicas for a majority, has 1'),
    ]);
  });

  it('fails when the replica-set init Job is told the wrong size', () => {
    const objects = overlayWithChange('prod', 'ConfigMap', 'mongodb-config', (c) => (c.data.MONGO_REPLICAS = '1'));
    expect(violations(objects, 'overlay-expectations', 'prod')).toEqual([
      expect.stringContaining('MONGO_REPLICAS is 1 but StatefulSet mongodb runs 3'),
    ]);
  });

  it('fails dev with more than one replica', () => {
    const objects = overlayWithChange('dev', 'HorizontalPodAutoscaler', 'storefront-gateway', (h) => (h.spec.minReplicas = 2));
    expect(violations(objects, 'overlay-expectations')).toEqual([expect.stringContaining('set minReplicas: 1')]);
  });
});
