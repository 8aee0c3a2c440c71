import { isJsonMap, K8sObject, objectId } from '../k8s-object';
import { allContainers, podTemplates } from './pod-templates';
import { PolicyContext, PolicyRule, Violation } from './violation';

/** Env names that carry credentials: their value must come from a Secret. */
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|_PASS$|SECRET|TOKEN|API_KEY|PRIVATE_KEY|COOKIE|CREDENTIAL)/i;
/** scheme://user:password@host: a URL with a password in it. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

function secretReferences(objects: K8sObject[]): { owner: string; secret: string; key?: string; where: string }[] {
  const refs: { owner: string; secret: string; key?: string; where: string }[] = [];
  for (const pod of podTemplates(objects)) {
    for (const { container, where } of allContainers(pod)) {
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref) refs.push({ owner: pod.ownerId, secret: ref.name ?? '', key: ref.key, where: `${where} env ${variable.name}` });
      }
      for (const source of container.envFrom ?? []) {
        if (source.secretRef) refs.push({ owner: pod.ownerId, secret: source.secretRef.name ?? '', where: `${where} envFrom` });
      }
    }
    for (const volume of pod.spec.volumes ?? []) {
      if (!volume.secret) continue;
      const keys = volume.secret.items?.map((item) => item.key) ?? [undefined];
      for (const key of keys)
        refs.push({ owner: pod.ownerId, secret: volume.secret.secretName ?? '', key, where: `volume ${volume.name}` });
    }
  }
  return refs;
}

function literalValues(objects: K8sObject[]): { owner: string; name: string; value: string; where: string }[] {
  const values: { owner: string; name: string; value: string; where: string }[] = [];
  for (const obj of objects.filter((o) => o.kind === 'ConfigMap' && isJsonMap(o.data))) {
    for (const [name, value] of Object.entries(obj.data as Record<string, unknown>)) {
      values.push({ owner: objectId(obj), name, value: String(value), where: `data.${name}` });
    }
  }
  for (const pod of podTemplates(objects)) {
    for (const { container, where } of allContainers(pod)) {
      for (const variable of container.env ?? []) {
        if (variable.value !== undefined)
          values.push({ owner: pod.ownerId, name: variable.name, value: variable.value, where: `${where} env ${variable.name}` });
      }
    }
  }
  return values;
}

/**
 * No secret value in the manifests: no Secret with data, no credential in env values or ConfigMaps,
 * and every Secret a pod reads is one that deploy/secrets/secrets.example.yaml documents (and so the
 * generator creates), with that key.
 */
export const plainSecretsRule: PolicyRule = {
  name: 'no-plain-secrets',
  check(objects, context: PolicyContext) {
    const violations: Violation[] = [];
    for (const obj of objects.filter((o) => o.kind === 'Secret')) {
      if (isJsonMap(obj.data) || isJsonMap(obj.stringData)) {
        violations.push({
          rule: this.name,
          object: objectId(obj),
          message: 'a Secret with values is committed; create it with tools/deploy-check/src/generate-secrets.ts instead',
        });
      }
    }
    for (const { owner, name, value, where } of literalValues(objects)) {
      if (CREDENTIAL_NAME.test(name) && value !== '') {
        violations.push({
          rule: this.name,
          object: owner,
          message: `${where} looks like a credential; read it from a Secret (secretKeyRef)`,
        });
      } else if (URL_WITH_PASSWORD.test(value)) {
        violations.push({
          rule: this.name,
          object: owner,
          message: `${where} contains a URL with a password; read it from a Secret (secretKeyRef)`,
        });
      }
    }
    for (const { owner, secret, key, where } of secretReferences(objects)) {
      const keys = context.documentedSecrets.get(secret);
      if (!keys) {
        violations.push({
          rule: this.name,
          object: owner,
          message: `${where} reads Secret "${secret}", which deploy/secrets/secrets.example.yaml does not document`,
        });
      } else if (key !== undefined && !keys.has(key)) {
        violations.push({
          rule: this.name,
          object: owner,
          message: `${where} reads key "${key}" of Secret "${secret}", which deploy/secrets/secrets.example.yaml does not document`,
        });
      }
    }
    return violations;
  },
};
