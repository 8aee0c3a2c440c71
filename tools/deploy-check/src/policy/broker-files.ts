import * as path from 'node:path';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { isJsonMap, K8sObject } from '../k8s-object';
import { PodTemplate } from './pod-templates';

/**
 * The files a container sees from its ConfigMap and Secret volumes, by absolute path. A ConfigMap file
 * maps to its text; a Secret file to undefined (its value is not in the manifests, only its presence).
 */
export function mountedFiles(pod: PodTemplate, container: IContainer, objects: K8sObject[]): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  for (const mount of container.volumeMounts ?? []) {
    const volume = (pod.spec.volumes ?? []).find((v) => v.name === mount.name);
    const source = volume?.configMap ?? volume?.secret;
    if (!volume || !source) continue;
    const configMap =
      volume.configMap &&
      objects.find(
        (o) =>
          o.kind === 'ConfigMap' && o.metadata.name === volume.configMap?.name && o.metadata.namespace === pod.owner.metadata.namespace,
      );
    const data = configMap && isJsonMap(configMap.data) ? (configMap.data as Record<string, string>) : {};
    const items = source.items ?? Object.keys(data).map((key) => ({ key, path: key }));
    const content = (key: string) => (volume.configMap ? data[key] : undefined);
    if (mount.subPath) {
      const item = items.find((i) => i.path === mount.subPath);
      if (item) files.set(mount.mountPath, content(item.key));
    } else {
      for (const item of items) files.set(path.posix.join(mount.mountPath, item.path), content(item.key));
    }
  }
  return files;
}

/** rabbitmq.conf (sysctl format): `key = value` lines; later files (conf.d in name order) override earlier ones. */
export function parseRabbitConf(texts: string[]): Map<string, string> {
  const settings = new Map<string, string>();
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const match = /^\s*([^#\s=][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
      if (match) settings.set(match[1]!, match[2]!);
    }
  }
  return settings;
}

/** The broker's rabbitmq.conf as mounted: /etc/rabbitmq/rabbitmq.conf, then /etc/rabbitmq/conf.d/* in name order. */
export function brokerConf(files: Map<string, string | undefined>): Map<string, string> {
  const paths = [...files.keys()].filter((p) => p === '/etc/rabbitmq/rabbitmq.conf' || p.startsWith('/etc/rabbitmq/conf.d/')).sort();
  return parseRabbitConf(paths.map((p) => files.get(p) ?? ''));
}

/** A RabbitMQ information unit ("1GB" = 10^9, "1GiB" or "1G" = 2^30, plain bytes); undefined if not one. */
export function parseRabbitBytes(value: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(?:([kKMGT])(i?)(B?))?$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  if (!match[2]) return Number(match[1]);
  const power = 'kMGT'.indexOf(match[2] === 'K' ? 'k' : match[2]) + 1;
  const decimal = match[4] === 'B' && match[3] === '';
  return Number(match[1]) * (decimal ? 1000 : 1024) ** power;
}
