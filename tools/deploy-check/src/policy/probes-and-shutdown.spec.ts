import { overlayWithChange, violations, type Yaml } from '../testing/manifests';

const firstContainer = (deployment: Yaml) => deployment.spec.template.spec.containers[0];

describe('probes', () => {
  it('fails a service without a readiness probe', () => {
    const objects = overlayWithChange('dev', 'Deployment', 'storefront-gateway', (d) => delete firstContainer(d).readinessProbe);
    expect(violations(objects, 'probes')).toEqual([expect.stringContaining('needs a readinessProbe')]);
  });

  it('fails a liveness probe that checks the same thing as readiness', () => {
    const objects = overlayWithChange('dev', 'Deployment', 'storefront-gateway', (d) => {
      firstContainer(d).livenessProbe = { ...firstContainer(d).readinessProbe, periodSeconds: 20 };
    });
    expect(violations(objects, 'probes')).toEqual(expect.arrayContaining([expect.stringContaining('check the same thing')]));
  });

  it('fails a gRPC service whose readiness is not the gRPC health protocol', () => {
    const objects = overlayWithChange('dev', 'Deployment', 'quality-sentinel', (d) => {
      firstContainer(d).readinessProbe = { httpGet: { path: '/readyz', port: 'admin' } };
    });
    expect(violations(objects, 'probes')).toEqual([expect.stringContaining('readinessProbe.grpc.port: 50053')]);
  });

  it('fails a scorer that is ready by gRPC health, which says nothing of its lag behind the stream', () => {
    const objects = overlayWithChange(
      'prod',
      'StatefulSet',
      'stream-scorer',
      (s) => (firstContainer(s).readinessProbe = { grpc: { port: 50052 }, periodSeconds: 5 }),
    );
    expect(violations(objects, 'probes', 'prod')).toEqual([
      expect.stringContaining('container stream-scorer: readinessProbe must be httpGet /readyz on the admin port'),
    ]);
  });

  it('fails a probe on a port the container does not declare', () => {
    const objects = overlayWithChange(
      'dev',
      'Deployment',
      'event-collector',
      (d) => (firstContainer(d).livenessProbe.httpGet.port = 'metrics'),
    );
    expect(violations(objects, 'probes')).toEqual([expect.stringContaining('liveness probe port metrics is not a declared containerPort')]);
  });
});

describe('graceful-shutdown', () => {
  it('fails a grace period shorter than preStop + drain + margin', () => {
    const objects = overlayWithChange(
      'dev',
      'StatefulSet',
      'stream-scorer',
      (d) => (d.spec.template.spec.terminationGracePeriodSeconds = 15),
    );
    expect(violations(objects, 'graceful-shutdown')).toEqual([
      expect.stringContaining(
        'terminationGracePeriodSeconds 15 is shorter than preStop + drain (SHELFLIFE_DRAIN_TIMEOUT_MS=10000) + 5 s margin = 20 s',
      ),
    ]);
  });

  it('reads the drain time from the shared ConfigMap, so raising it there demands a longer grace period', () => {
    const objects = overlayWithChange('prod', 'ConfigMap', 'shelflife-common-config', (c) => (c.data.SHELFLIFE_DRAIN_TIMEOUT_MS = '25000'));
    const found = violations(objects, 'graceful-shutdown', 'prod');
    // The five services and the console (5 s preStop); the nightly CronJob has no preStop, so 30 s still covers it.
    expect(found).toHaveLength(6);
    expect(found.every((message) => message.includes('= 35 s'))).toBe(true);
  });

  it('lets a container env value override the ConfigMap', () => {
    const objects = overlayWithChange('dev', 'Deployment', 'event-collector', (d) => {
      firstContainer(d).env.push({ name: 'SHELFLIFE_DRAIN_TIMEOUT_MS', value: 'soon' });
    });
    expect(violations(objects, 'graceful-shutdown')).toEqual([expect.stringContaining('"soon" is not a positive number')]);
  });
});
