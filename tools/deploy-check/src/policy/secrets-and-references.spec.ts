import { overlayWithChange, renderedOverlay, violations, type Yaml } from '../testing/manifests';

const firstContainer = (deployment: Yaml) => deployment.spec.template.spec.containers[0];

describe('no-plain-secrets', () => {
  it('fails a committed Secret with values', () => {
    const objects = renderedOverlay('dev');
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shelflife-amqp', namespace: 'shelflife' },
      stringData: { AMQP_URL: 'amqp://x' },
    });
    expect(violations(objects, 'no-plain-secrets')).toEqual([expect.stringContaining('a Secret with values is committed')]);
  });

  it('fails a password inside a URL in a ConfigMap', () => {
    const objects = overlayWithChange(
      'dev',
      'ConfigMap',
      'event-collector-config',
      (c) => (c.data.AMQP_URL = 'amqp://shelflife:hunter2@rabbitmq:5672'),
    );
    expect(violations(objects, 'no-plain-secrets')).toEqual([expect.stringContaining('data.AMQP_URL contains a URL with a password')]);
  });

  it('fails a credential-named env var with a literal value', () => {
    const objects = overlayWithChange('dev', 'StatefulSet', 'rabbitmq', (s) => {
      const env = firstContainer(s).env.find((e: Yaml) => e.name === 'RABBITMQ_DEFAULT_PASS');
      delete env.valueFrom;
      env.value = 'guest';
    });
    expect(violations(objects, 'no-plain-secrets')).toEqual([expect.stringContaining('env RABBITMQ_DEFAULT_PASS looks like a credential')]);
  });

  it('fails a reference to a secret key the documented example does not have', () => {
    const objects = overlayWithChange(
      'dev',
      'StatefulSet',
      'stream-scorer',
      (d) => (firstContainer(d).env[1].valueFrom.secretKeyRef.key = 'MONGODB_URI'),
    );
    expect(violations(objects, 'no-plain-secrets')).toEqual([
      expect.stringContaining('reads key "MONGODB_URI" of Secret "shelflife-mongo"'),
    ]);
  });
});

describe('references', () => {
  it('fails an envFrom ConfigMap that does not exist', () => {
    const objects = overlayWithChange(
      'dev',
      'Deployment',
      'event-collector',
      (d) => (firstContainer(d).envFrom[1].configMapRef.name = 'collector-config'),
    );
    expect(violations(objects, 'references')).toEqual([expect.stringContaining('envFrom ConfigMap collector-config does not exist')]);
  });

  it('fails a Deployment that sets replicas while an autoscaler owns it', () => {
    const objects = overlayWithChange('dev', 'Deployment', 'event-collector', (d) => (d.spec.replicas = 2));
    expect(violations(objects, 'references')).toEqual([
      expect.stringContaining('Deployment/event-collector sets spec.replicas although this autoscaler owns it'),
    ]);
  });

  it('fails the scorer StatefulSet setting replicas while its autoscaler owns it', () => {
    const objects = overlayWithChange('prod', 'StatefulSet', 'stream-scorer', (s) => (s.spec.replicas = 2));
    expect(violations(objects, 'references', 'prod')).toEqual([
      expect.stringContaining('StatefulSet/stream-scorer sets spec.replicas although this autoscaler owns it'),
    ]);
  });

  it('fails a Service whose selector matches no pods', () => {
    const objects = overlayWithChange('dev', 'Service', 'stream-scorer', (s) => (s.spec.selector = { 'app.kubernetes.io/name': 'scorer' }));
    expect(violations(objects, 'references')).toEqual([expect.stringContaining('matches no pod template')]);
  });

  it('fails a namespaced object without a namespace', () => {
    const objects = overlayWithChange('dev', 'Deployment', 'jaeger', (d) => delete d.metadata.namespace);
    expect(violations(objects, 'references')).toEqual(
      expect.arrayContaining([expect.stringContaining('Deployment jaeger: has no namespace')]),
    );
  });
});
