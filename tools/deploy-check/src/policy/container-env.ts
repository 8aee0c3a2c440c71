import type { IContainer } from 'kubernetes-models/v1/Container';
import { isJsonMap, K8sObject } from '../k8s-object';

function configMapData(objects: K8sObject[], name: string, namespace: string | undefined): Record<string, string> | undefined {
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o.metadata.namespace === namespace);
  return configMap && isJsonMap(configMap.data) ? (configMap.data as Record<string, string>) : undefined;
}

/**
 * The literal environment a container sees from envFrom ConfigMaps and env values, in Kubernetes'
 * precedence (later envFrom over earlier, env over envFrom). Secret-sourced values are not resolved.
 */
export function literalEnvironment(container: IContainer, objects: K8sObject[], namespace: string | undefined): Map<string, string> {
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    const data = name ? configMapData(objects, name, namespace) : undefined;
    for (const [key, value] of Object.entries(data ?? {})) env.set(`${source.prefix ?? ''}${key}`, value);
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env.set(variable.name, variable.value);
    else env.delete(variable.name);
  }
  return env;
}
