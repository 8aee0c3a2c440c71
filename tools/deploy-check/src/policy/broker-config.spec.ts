import { overlayWithChange, renderedOverlay, violations, type Yaml } from '../testing/manifests';
import { parseRabbitBytes, parseRabbitConf } from './broker-files';

/** The prod render with the broker's definitions (rabbitmq-config key definitions.json) changed. */
function withDefinitions(change: (definitions: Yaml) => void) {
  return overlayWithChange('prod', 'ConfigMap', 'rabbitmq-config', (c) => {
    const definitions = JSON.parse(c.data['definitions.json']);
    change(definitions);
    c.data['definitions.json'] = JSON.stringify(definitions);
  });
}

const withConf = (edit: (conf: string) => string) =>
  overlayWithChange('prod', 'ConfigMap', 'rabbitmq-config', (c) => (c.data['rabbitmq.conf'] = edit(c.data['rabbitmq.conf'])));
const streamPolicy = (definitions: Yaml) => definitions.policies.find((p: Yaml) => p.name === 'shelflife-scorer-stream-retention');

describe('broker-config', () => {
  it('passes the shipped prod overlay: retention and queue-limit policies loaded at boot, a k8s-discovered cluster, a volume that holds them', () => {
    expect(violations(renderedOverlay('prod'), 'broker-config', 'prod')).toEqual([]);
  });

  it('fails a broker that imports no definitions', () => {
    const objects = withConf((conf) => conf.replace(/^definitions\..*$/gm, ''));
    expect(violations(objects, 'broker-config', 'prod')).toEqual([
      expect.stringContaining('rabbitmq.conf imports no definitions: set definitions.import_backend = local_filesystem'),
    ]);
  });

  it('fails definitions imported from a folder where nothing is mounted', () => {
    const objects = withConf((conf) =>
      conf.replace('definitions.local.path = /etc/rabbitmq/definitions/', 'definitions.local.path = /etc/rabbitmq/defs/'),
    );
    expect(violations(objects, 'broker-config', 'prod')).toEqual([
      expect.stringContaining('definitions.local.path /etc/rabbitmq/defs: nothing is mounted there'),
    ]);
  });

  it('accepts the older load_definitions key', () => {
    const objects = withConf((conf) => conf.replace(/^definitions\..*$/gm, '').concat('load_definitions = /etc/rabbitmq/definitions\n'));
    expect(violations(objects, 'broker-config', 'prod')).toEqual([]);
  });

  it('fails without a retention policy for the scorer stream', () => {
    const objects = withDefinitions((d) => (d.policies = d.policies.filter((p: Yaml) => p !== streamPolicy(d))));
    expect(violations(objects, 'broker-config', 'prod')).toEqual([
      expect.stringContaining(
        'no policy in /etc/rabbitmq/definitions applies to stream shelflife.scorer.stream; add one (pattern ^shelflife\\.scorer\\.stream$, apply-to queues) with {"max-age":"1D"',
      ),
    ]);
  });

  it('fails a retention policy that differs from what the services declare', () => {
    const objects = withDefinitions((d) => (streamPolicy(d).definition['max-age'] = '7D'));
    expect(violations(objects, 'broker-config', 'prod')).toEqual([
      expect.stringContaining(
        'policy shelflife-scorer-stream-retention gives stream shelflife.scorer.stream max-age: "7D", but the services declare "1D"',
      ),
    ]);
  });

  it('follows SHELFLIFE_STREAM_MAX_BYTES in the common config: the policy outranks what the services declare, so they must agree', () => {
    const objects = overlayWithChange(
      'prod',
      'ConfigMap',
      'shelflife-common-config',
      (c) => (c.data.SHELFLIFE_STREAM_MAX_BYTES = '20000000000'),
    );
    expect(violations(objects, 'broker-config', 'prod')).toEqual([
      expect.stringContaining(
        'policy shelflife-scorer-stream-retention gives stream shelflife.scorer.stream max-length-bytes: 10000000000, but the services declare 20000000000',
      ),
    ]);
  });

  it('fails queue limits outranked by a higher-priority policy: RabbitMQ applies only one policy per queue', () => {
    const objects = withDefinitions((d) =>
      d.policies.push({
        vhost: '/',
        name: 'ha-everything',
        pattern: '.*',
        'apply-to': 'all',
        priority: 20,
        definition: { 'max-length': 5 },
      }),
    );
    const found = violations(objects, 'broker-config', 'prod');
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'policy ha-everything gives queue shelflife.sentinel.watch overflow: undefined, but the services declare "reject-publish"',
        ),
        expect.stringContaining('policy ha-everything gives stream shelflife.scorer.stream max-age: undefined'),
      ]),
    );
  });

  it('fails a 3-node cluster without Kubernetes peer discovery or pause_minority', () => {
    const objects = withConf((conf) =>
      conf
        .replace('cluster_formation.peer_discovery_backend = k8s', '')
        .replace('cluster_partition_handling = pause_minority', 'cluster_partition_handling = ignore'),
    );
    expect(violations(objects, 'broker-config', 'prod')).toEqual([
      expect.stringContaining('runs 3 nodes but rabbitmq.conf does not set cluster_formation.peer_discovery_backend = k8s'),
      expect.stringContaining('set cluster_partition_handling = pause_minority'),
    ]);
  });

  it('fails a broker volume smaller than the retained stream, the bounded queues and the free-disk limit', () => {
    const objects = overlayWithChange(
      'prod',
      'StatefulSet',
      'rabbitmq',
      (s) => (s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '8Gi'),
    );
    expect(violations(objects, 'broker-config', 'prod')).toEqual([
      expect.stringContaining(
        'volume claim data requests 8Gi, but the retained stream (10000000000 bytes), the work queues (1073741824 bytes) and disk_free_limit (1000000000 bytes) need 11.2 GiB',
      ),
    ]);
  });
});

describe('broker files', () => {
  it('reads rabbitmq.conf lines, skipping comments, later files winning', () => {
    const conf = parseRabbitConf([
      '# a comment\ncluster_partition_handling = ignore\n',
      'cluster_partition_handling = pause_minority\nlog.console.level=info',
    ]);
    expect(Object.fromEntries(conf)).toEqual({ cluster_partition_handling: 'pause_minority', 'log.console.level': 'info' });
  });

  it.each([
    ['1GB', 1e9],
    ['1GiB', 2 ** 30],
    ['2G', 2 ** 31],
    ['500MB', 5e8],
    ['4096', 4096],
    ['lots', undefined],
  ])('reads %s as %s bytes', (text, bytes) => {
    expect(parseRabbitBytes(text)).toBe(bytes);
  });
});
