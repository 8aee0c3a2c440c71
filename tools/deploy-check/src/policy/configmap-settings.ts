import { isJsonMap, K8sObject, objectId } from '../k8s-object';
import { closestSetting } from '../settings/known-settings';
import { allContainers, isShelflifeImage, podTemplates } from './pod-templates';
import { PolicyRule, Violation } from './violation';

function configMap(objects: K8sObject[], name: string, namespace: string | undefined): K8sObject | undefined {
  return objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o.metadata.namespace === namespace);
}

/**
 * Every variable a Shelflife service gets from a ConfigMap (envFrom, with its prefix, or env
 * valueFrom.configMapKeyRef) must be one some service reads (settings/known-settings.ts): a misspelt or
 * retired key is otherwise ignored in silence and the service runs on its default.
 */
export const configMapSettingsRule: PolicyRule = {
  name: 'configmap-settings',
  check(objects, context) {
    const known = context.knownSettings;
    const violations: Violation[] = [];
    const reported = new Set<string>();
    const report = (variable: string, from: string, where: string) => {
      const key = `${from} ${variable}`;
      if (known.has(variable) || reported.has(key)) return;
      reported.add(key);
      const closest = closestSetting(variable, known.keys());
      violations.push({
        rule: this.name,
        object: from,
        message:
          `${variable} (loaded by ${where}) is not a setting any Shelflife service reads` +
          `${closest ? `; the closest known setting is ${closest}` : ''} (settings are declared in libs/config and apps/*/src/config.ts)`,
      });
    };
    for (const pod of podTemplates(objects)) {
      const namespace = pod.owner.metadata.namespace;
      for (const { container, where } of allContainers(pod)) {
        if (!isShelflifeImage(container.image)) continue;
        const at = `${pod.ownerId} ${where}`;
        for (const source of container.envFrom ?? []) {
          const name = source.configMapRef?.name;
          const map = name ? configMap(objects, name, namespace) : undefined;
          if (!map || !isJsonMap(map.data)) continue;
          for (const key of Object.keys(map.data)) report(`${source.prefix ?? ''}${key}`, objectId(map), at);
        }
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.configMapKeyRef;
          const map = ref?.name ? configMap(objects, ref.name, namespace) : undefined;
          if (ref && map) report(variable.name, `${objectId(map)} key ${ref.key}`, at);
        }
      }
    }
    return violations;
  },
};
