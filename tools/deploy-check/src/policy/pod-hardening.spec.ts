import { overlayWithChange, violations, type Yaml } from '../testing/manifests';

const firstContainer = (deployment: Yaml) => deployment.spec.template.spec.containers[0];

describe('container-security', () => {
  it('fails a container with a writable root filesystem', () => {
    const objects = overlayWithChange(
      'dev',
      'Deployment',
      'storefront-gateway',
      (d) => delete firstContainer(d).securityContext.readOnlyRootFilesystem,
    );
    expect(violations(objects, 'container-security')).toEqual([expect.stringContaining('readOnlyRootFilesystem')]);
  });

  it('fails a pod that may run as root', () => {
    const objects = overlayWithChange('dev', 'StatefulSet', 'mongodb', (s) => {
      s.spec.template.spec.securityContext.runAsNonRoot = false;
      s.spec.template.spec.securityContext.runAsUser = 0;
    });
    expect(violations(objects, 'container-security')).toEqual([
      expect.stringContaining('runAsNonRoot must be true'),
      expect.stringContaining('runAsUser must not be 0'),
    ]);
  });

  it('fails a pod without a seccomp profile, which the restricted Pod Security Standard refuses', () => {
    const objects = overlayWithChange('dev', 'Job', 'mongodb-rs-init', (j) => delete j.spec.template.spec.securityContext.seccompProfile);
    expect(violations(objects, 'container-security')).toEqual([
      expect.stringContaining('container init-replica-set: set seccompProfile.type: RuntimeDefault'),
    ]);
  });

  it('fails an init container that keeps its capabilities', () => {
    const objects = overlayWithChange(
      'prod',
      'StatefulSet',
      'rabbitmq',
      (s) => delete s.spec.template.spec.initContainers[0].securityContext.capabilities,
    );
    expect(violations(objects, 'container-security', 'prod')).toEqual([
      expect.stringMatching(/init container erlang-cookie: .*drop: \["ALL"\]/),
    ]);
  });
});

describe('container-resources', () => {
  it('fails a container without a memory limit', () => {
    const objects = overlayWithChange('dev', 'Deployment', 'event-collector', (d) => delete firstContainer(d).resources.limits.memory);
    expect(violations(objects, 'container-resources')).toEqual([expect.stringContaining('set resources.limits.memory')]);
  });

  it('fails requests above limits', () => {
    const objects = overlayWithChange('dev', 'StatefulSet', 'stream-scorer', (d) => (firstContainer(d).resources.requests.cpu = '1500m'));
    expect(violations(objects, 'container-resources')).toEqual([
      expect.stringContaining('requests.cpu (1500m) exceeds resources.limits.cpu (1)'),
    ]);
  });
});

describe('image-tags', () => {
  it.each(['shelflife/stream-scorer:latest', 'shelflife/stream-scorer'])('fails %s', (image) => {
    const objects = overlayWithChange('dev', 'StatefulSet', 'stream-scorer', (d) => (firstContainer(d).image = image));
    expect(violations(objects, 'image-tags')).toEqual([expect.stringContaining(`"${image}" must be pinned`)]);
  });

  it('accepts a digest', () => {
    const objects = overlayWithChange(
      'dev',
      'StatefulSet',
      'stream-scorer',
      (d) => (firstContainer(d).image = `shelflife/stream-scorer@sha256:${'a'.repeat(64)}`),
    );
    expect(violations(objects, 'image-tags')).toEqual([]);
  });
});
