import { DEFAULT_QUEUE_LIMITS, DEFAULT_STREAM_RETENTION, limitedQueues, queueLimitPolicy, topology } from '@shelflife/bus';
import { isJsonMap, K8sObject, objectId } from '../k8s-object';
import { brokerConf, mountedFiles, parseRabbitBytes } from './broker-files';
import { PROD_MIN_CLUSTER_SIZE } from './overlay-expectations';
import { podTemplates } from './pod-templates';
import { parseQuantity } from './quantity';
import { PolicyRule, Violation } from './violation';

export const BROKER = 'rabbitmq';
const DATA_DIR = '/var/lib/rabbitmq';

interface BrokerPolicy {
  vhost?: string;
  name?: string;
  pattern?: string;
  'apply-to'?: string;
  priority?: number;
  definition?: Record<string, unknown>;
}

/** A queue or stream the services declare, and the settings its broker policy must carry. */
interface Expected {
  queue: string;
  kind: 'stream' | 'queue';
  definition: Record<string, string | number>;
}

/** What the services declare, from shelflife-common-config where it sets SHELFLIFE_* and libs/bus's defaults otherwise. */
function expectedPolicies(objects: K8sObject[], namespace: string | undefined): Expected[] {
  const common = objects.find(
    (o) => o.kind === 'ConfigMap' && o.metadata.name === 'shelflife-common-config' && o.metadata.namespace === namespace,
  );
  const env = (common && isJsonMap(common.data) ? common.data : {}) as Record<string, string>;
  const names = topology(env.SHELFLIFE_BUS_PREFIX ?? 'shelflife');
  const stream = {
    'max-age': env.SHELFLIFE_STREAM_MAX_AGE ?? DEFAULT_STREAM_RETENTION.maxAge,
    'max-length-bytes': Number(env.SHELFLIFE_STREAM_MAX_BYTES ?? DEFAULT_STREAM_RETENTION.maxBytes),
    'stream-max-segment-size-bytes': Number(env.SHELFLIFE_STREAM_SEGMENT_BYTES ?? DEFAULT_STREAM_RETENTION.segmentBytes),
  };
  const limits = {
    maxLength: Number(env.SHELFLIFE_QUEUE_MAX_LENGTH ?? DEFAULT_QUEUE_LIMITS.maxLength),
    maxLengthBytes: Number(env.SHELFLIFE_QUEUE_MAX_BYTES ?? DEFAULT_QUEUE_LIMITS.maxLengthBytes),
  };
  return [
    ...Object.values(names.streams).map((queue) => ({ queue, kind: 'stream' as const, definition: stream })),
    ...limitedQueues(names).map((queue) => ({ queue, kind: 'queue' as const, definition: queueLimitPolicy(names, limits).definition })),
  ];
}

/** The one policy RabbitMQ applies to a queue of vhost "/": the highest priority among those that match. */
function effectivePolicy(policies: BrokerPolicy[], { queue, kind }: Expected): BrokerPolicy | undefined {
  const appliesTo = ['all', 'queues', kind === 'stream' ? 'streams' : 'quorum_queues'];
  const matching = policies.filter((p) => {
    if ((p.vhost ?? '/') !== '/' || !appliesTo.includes(p['apply-to'] ?? 'all')) return false;
    try {
      return new RegExp(p.pattern ?? '').test(queue);
    } catch {
      return false;
    }
  });
  return matching.sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))[0];
}

/**
 * Prod's broker, as configured by its manifests: it imports definitions at boot whose policies give the
 * scorer stream the services' retention and the work queues their length limits (a policy outranks the
 * arguments a queue was declared with); a cluster of 3+ nodes forms through Kubernetes peer discovery
 * and pauses its minority side in a partition; and its volume holds the retained stream, the bounded
 * queues and the free-disk margin.
 */
export const brokerConfigRule: PolicyRule = {
  name: 'broker-config',
  check(objects, context) {
    const violations: Violation[] = [];
    if (context.overlay !== 'prod') return violations;
    const set = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === BROKER);
    const pod = podTemplates(objects).find((p) => p.owner === set);
    const container = pod?.spec.containers?.find((c) => c.name === BROKER) ?? pod?.spec.containers?.[0];
    if (!set || !pod || !container) return violations; // overlay-expectations reports a missing broker
    const report = (message: string) => violations.push({ rule: this.name, object: objectId(set), message });
    const files = mountedFiles(pod, container, objects);
    const conf = brokerConf(files);
    const expected = expectedPolicies(objects, set.metadata.namespace);

    const definitionsPath = (conf.get('definitions.local.path') ?? conf.get('load_definitions'))?.replace(/\/$/, '');
    const definitionFiles = [...files].filter(
      ([file]) => definitionsPath !== undefined && (file === definitionsPath || file.startsWith(`${definitionsPath}/`)),
    );
    if (definitionsPath === undefined) {
      report(
        'rabbitmq.conf imports no definitions: set definitions.import_backend = local_filesystem and definitions.local.path to mounted definitions with the stream retention and queue-limit policies',
      );
    } else if (definitionFiles.length === 0) {
      report(
        `definitions.local.path ${definitionsPath}: nothing is mounted there; mount the definitions JSON (a ConfigMap key, with subPath)`,
      );
    } else {
      const policies: BrokerPolicy[] = [];
      for (const [file, text] of definitionFiles) {
        if (text === undefined) continue; // from a Secret: users, not policies
        try {
          const parsed = JSON.parse(text) as { policies?: BrokerPolicy[] };
          policies.push(...(parsed.policies ?? []));
        } catch (error) {
          report(`definitions file ${file} is not valid JSON (${(error as Error).message}): the broker would refuse to boot`);
        }
      }
      for (const want of expected) {
        const policy = effectivePolicy(policies, want);
        if (!policy) {
          report(
            `no policy in ${definitionsPath} applies to ${want.kind} ${want.queue}; add one (pattern ^${want.queue.replace(/\./g, '\\.')}$, apply-to queues) with ${JSON.stringify(want.definition)}`,
          );
          continue;
        }
        for (const [key, value] of Object.entries(want.definition)) {
          const actual = policy.definition?.[key];
          if (actual !== value) {
            report(
              `policy ${policy.name} gives ${want.kind} ${want.queue} ${key}: ${JSON.stringify(actual)}, but the services declare ${JSON.stringify(value)} ` +
                `(shelflife-common-config or libs/bus defaults); set ${key}: ${JSON.stringify(value)} in the policy, or change both`,
            );
          }
        }
      }
    }

    const replicas = isJsonMap(set.spec) && typeof set.spec.replicas === 'number' ? set.spec.replicas : 1;
    if (replicas >= PROD_MIN_CLUSTER_SIZE) {
      const backend = conf.get('cluster_formation.peer_discovery_backend');
      if (backend !== 'k8s' && backend !== 'rabbit_peer_discovery_k8s') {
        report(
          `runs ${replicas} nodes but rabbitmq.conf does not set cluster_formation.peer_discovery_backend = k8s: each node would form a cluster of its own`,
        );
      }
      if (!/\brabbitmq_peer_discovery_k8s\b/.test(files.get('/etc/rabbitmq/enabled_plugins') ?? '')) {
        report(
          'enable rabbitmq_peer_discovery_k8s in /etc/rabbitmq/enabled_plugins: peer discovery plugins must be enabled before the first boot',
        );
      }
      if (conf.get('cluster_partition_handling') !== 'pause_minority') {
        report(
          `set cluster_partition_handling = pause_minority: with ${replicas} nodes the minority side of a network partition must pause, not go on alone`,
        );
      }
    }

    const claimName = container.volumeMounts?.find((m) => m.mountPath === DATA_DIR)?.name;
    const claim = (
      (isJsonMap(set.spec) ? set.spec.volumeClaimTemplates : undefined) as
        { metadata?: { name?: string }; spec?: { resources?: { requests?: { storage?: string } } } }[] | undefined
    )?.find((c) => c.metadata?.name === claimName);
    const storage = claim?.spec?.resources?.requests?.storage;
    const volumeBytes = parseQuantity(storage);
    const stream = expected.filter((e) => e.kind === 'stream').reduce((sum, e) => sum + Number(e.definition['max-length-bytes']), 0);
    const queues = expected.filter((e) => e.kind === 'queue').reduce((sum, e) => sum + Number(e.definition['max-length-bytes']), 0);
    const freeLimit = parseRabbitBytes(conf.get('disk_free_limit.absolute')) ?? 0;
    if (volumeBytes !== undefined && volumeBytes < stream + queues + freeLimit) {
      report(
        `volume claim ${claimName} requests ${storage}, but the retained stream (${stream} bytes), the work queues (${queues} bytes) and disk_free_limit ` +
          `(${freeLimit} bytes) need ${((stream + queues + freeLimit) / 2 ** 30).toFixed(1)} GiB: raise the volume or lower SHELFLIFE_STREAM_MAX_BYTES and the policy`,
      );
    }
    return violations;
  },
};
