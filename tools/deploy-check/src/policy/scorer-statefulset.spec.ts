import { overlayWithChange, renderedOverlay, violations, type Yaml } from '../testing/manifests';

const scorer = (set: Yaml) => set.spec.template.spec.containers[0];

describe('scorer-statefulset', () => {
  it.each(['dev', 'prod'])(
    'passes the shipped %s overlay: a StatefulSet on stream-scorer-headless with its claim at STORE_DIR',
    (overlay) => {
      expect(violations(renderedOverlay(overlay), 'scorer-statefulset', overlay)).toEqual([]);
    },
  );

  it('fails the scorer as a Deployment, whose pods share no volume of their own', () => {
    const objects = overlayWithChange('prod', 'StatefulSet', 'stream-scorer', (s) => {
      s.kind = 'Deployment';
      delete s.spec.serviceName;
      delete s.spec.volumeClaimTemplates;
    });
    expect(violations(objects, 'scorer-statefulset', 'prod')).toEqual([
      expect.stringMatching(/^apps\/v1 Deployment shelflife\/stream-scorer: run the scorer as a StatefulSet with a volumeClaimTemplate/),
    ]);
  });

  it('fails a serviceName that is not headless', () => {
    const objects = overlayWithChange('prod', 'StatefulSet', 'stream-scorer', (s) => (s.spec.serviceName = 'stream-scorer'));
    expect(violations(objects, 'scorer-statefulset', 'prod')).toEqual([
      expect.stringContaining(
        'serviceName stream-scorer is not headless: set clusterIP: None on it, or point serviceName at stream-scorer-headless',
      ),
    ]);
  });

  it('fails a serviceName that names no Service', () => {
    const objects = overlayWithChange('dev', 'StatefulSet', 'stream-scorer', (s) => (s.spec.serviceName = 'scorer'));
    expect(violations(objects, 'scorer-statefulset')).toEqual([
      expect.stringContaining('serviceName scorer names no Service in namespace shelflife'),
    ]);
  });

  it('fails a STORE_DIR that is not on the volume claim: the snapshot would not survive a restart', () => {
    const objects = overlayWithChange('prod', 'ConfigMap', 'stream-scorer-config', (c) => (c.data.STORE_DIR = '/tmp/shelflife'));
    expect(violations(objects, 'scorer-statefulset', 'prod')).toEqual([
      expect.stringContaining(
        'STORE_DIR /tmp/shelflife is not on volume claim data; mount the claim at /tmp/shelflife (or set STORE_DIR to /var/lib/shelflife)',
      ),
    ]);
  });

  it('fails an unset STORE_DIR, which points into the read-only /app', () => {
    const objects = overlayWithChange('dev', 'ConfigMap', 'stream-scorer-config', (c) => delete c.data.STORE_DIR);
    expect(violations(objects, 'scorer-statefulset')).toEqual([
      expect.stringContaining('container stream-scorer: set STORE_DIR to /var/lib/shelflife (it is unset'),
    ]);
  });

  it('reads STORE_DIR from the container env before the ConfigMap', () => {
    const objects = overlayWithChange('dev', 'StatefulSet', 'stream-scorer', (s) =>
      scorer(s).env.push({ name: 'STORE_DIR', value: '/var/lib/shelflife/replica' }),
    );
    expect(violations(objects, 'scorer-statefulset')).toEqual([]);
  });

  it('fails OrderedReady, which makes each replica wait for the previous one to replay the stream', () => {
    const objects = overlayWithChange('prod', 'StatefulSet', 'stream-scorer', (s) => delete s.spec.podManagementPolicy);
    expect(violations(objects, 'scorer-statefulset', 'prod')).toEqual([expect.stringContaining('set podManagementPolicy: Parallel')]);
  });
});
