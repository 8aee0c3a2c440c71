import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { isJsonMap, K8sObject, objectId } from '../k8s-object';
import { expectedTraffic, API_SERVER_PORTS, PUBLIC_WORKLOAD, TRUSTED_NAMESPACES } from './expected-traffic';
import { allowedConnections, APP_LABEL, networkPolicySelectorProblems, podSelectorLabels } from './network-reachability';
import { podTemplates, selectorMatches } from './pod-templates';
import { PolicyRule, Violation } from './violation';

/** A peer list that admits sources outside the namespace's known pods (anywhere, an IP range, any namespace). */
function opensToEveryone(peers: INetworkPolicyPeer[] | undefined): boolean {
  if (!peers || peers.length === 0) return true;
  return peers.some((peer) => {
    if (peer.ipBlock) return true;
    const nsLabels = peer.namespaceSelector?.matchLabels;
    if (!peer.namespaceSelector) return false;
    const namespace = nsLabels?.['kubernetes.io/metadata.name'];
    return namespace === undefined || !TRUSTED_NAMESPACES.includes(namespace);
  });
}

function isDefaultDeny(policy: INetworkPolicy): boolean {
  const spec = policy.spec;
  const everyPod = Object.keys(podSelectorLabels(policy)).length === 0 && !spec?.podSelector?.matchExpressions;
  const types = spec?.policyTypes ?? [];
  return everyPod && types.includes('Ingress') && types.includes('Egress') && !spec?.ingress?.length && !spec?.egress?.length;
}

/**
 * Network isolation: a default deny, only the gateway open to everyone (and only it exposed by a
 * NodePort or LoadBalancer Service), egress to the outside only to the API server for pods that use
 * it, and the allowed in-namespace connections exactly those Shelflife needs (expected-traffic.ts).
 */
export const networkPoliciesRule: PolicyRule = {
  name: 'network-policies',
  check(objects) {
    const violations: Violation[] = [];
    const report = (object: string, message: string) => violations.push({ rule: this.name, object, message });
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as (INetworkPolicy & K8sObject)[];
    if (!policies.some(isDefaultDeny))
      report('NetworkPolicy', 'missing a default deny (podSelector: {}, policyTypes [Ingress, Egress], no rules)');
    for (const problem of networkPolicySelectorProblems(objects)) report(`NetworkPolicy ${problem.policy}`, problem.message);

    const pods = podTemplates(objects);
    for (const pod of pods) {
      const own = policies.filter((p) => Object.keys(podSelectorLabels(p)).length > 0 && selectorMatches(podSelectorLabels(p), pod.labels));
      if (own.length === 0) report(pod.ownerId, 'no NetworkPolicy selects these pods by label: write one stating what they may reach');
      const app = pod.labels[APP_LABEL];
      const mountsToken =
        pod.spec.automountServiceAccountToken !== false &&
        objects.some(
          (o) => o.kind === 'ServiceAccount' && o.metadata.name === pod.spec.serviceAccountName && o.automountServiceAccountToken !== false,
        );
      for (const policy of policies.filter((p) => selectorMatches(podSelectorLabels(p), pod.labels))) {
        for (const rule of policy.spec?.ingress ?? []) {
          if (app !== PUBLIC_WORKLOAD && opensToEveryone(rule.from)) {
            report(objectId(policy), `lets any source reach ${app}; only ${PUBLIC_WORKLOAD} is public`);
          }
        }
        for (const rule of policy.spec?.egress ?? []) {
          if (rule.to && rule.to.length > 0) continue;
          const apiOnly = (rule.ports ?? []).length > 0 && (rule.ports ?? []).every((p) => API_SERVER_PORTS.includes(Number(p.port)));
          if (!apiOnly || !mountsToken)
            report(
              objectId(policy),
              `lets ${app} send anywhere; name the destination (only pods that use the Kubernetes API may reach ports ${API_SERVER_PORTS.join('/')} unrestricted)`,
            );
        }
      }
    }

    for (const service of objects.filter((o) => o.kind === 'Service')) {
      const type = isJsonMap(service.spec) ? service.spec.type : undefined;
      if ((type === 'NodePort' || type === 'LoadBalancer') && service.metadata.name !== PUBLIC_WORKLOAD) {
        report(objectId(service), `type ${type} exposes it outside the cluster; only ${PUBLIC_WORKLOAD} may be exposed`);
      }
    }
    for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
      if (!JSON.stringify(ingress.spec ?? {}).includes(`"name":"${PUBLIC_WORKLOAD}"`))
        report(objectId(ingress), `routes to something other than ${PUBLIC_WORKLOAD}`);
    }

    const allowed = allowedConnections(objects);
    const hasJaeger = pods.some((p) => p.labels[APP_LABEL] === 'jaeger');
    const expected = expectedTraffic(hasJaeger);
    for (const connection of expected) {
      if (!allowed.has(connection)) report('NetworkPolicy', `${connection} is needed but not allowed`);
    }
    for (const connection of allowed) {
      if (!expected.has(connection))
        report('NetworkPolicy', `${connection} is allowed but not needed (add it to expected-traffic.ts if it is)`);
    }
    return violations;
  },
};
