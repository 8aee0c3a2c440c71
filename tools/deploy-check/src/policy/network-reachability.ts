import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { K8sObject } from '../k8s-object';
import { PodTemplate, podTemplates, selectorMatches } from './pod-templates';

/** A workload as the network sees it: its app name, pod labels and declared ports. */
interface Endpoint {
  app: string;
  namespace: string | undefined;
  labels: Record<string, string>;
  ports: { number: number; name?: string }[];
}

const APP_LABEL = 'app.kubernetes.io/name';

function endpointOf(pod: PodTemplate): Endpoint {
  const ports = (pod.spec.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => ({ number: p.containerPort, name: p.name })));
  return { app: pod.labels[APP_LABEL] ?? pod.ownerId, namespace: pod.owner.metadata.namespace, labels: pod.labels, ports };
}

function policiesOf(objects: K8sObject[]): INetworkPolicy[] {
  return objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as INetworkPolicy[];
}

/** The policy's podSelector labels; empty means every pod of the namespace. */
export function podSelectorLabels(policy: INetworkPolicy): Record<string, string> {
  return policy.spec?.podSelector?.matchLabels ?? {};
}

function selects(policy: INetworkPolicy, endpoint: Endpoint): boolean {
  return policy.metadata?.namespace === endpoint.namespace && selectorMatches(podSelectorLabels(policy), endpoint.labels);
}

/** Whether a peer admits a pod of the same namespace (namespaceSelector peers admit other namespaces only here). */
function peerAdmits(peer: INetworkPolicyPeer, endpoint: Endpoint): boolean {
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector) {
    const nsLabels = peer.namespaceSelector.matchLabels ?? {};
    const sameNamespace = Object.keys(nsLabels).length === 0 || nsLabels['kubernetes.io/metadata.name'] === endpoint.namespace;
    if (!sameNamespace) return false;
  }
  return selectorMatches(peer.podSelector?.matchLabels ?? {}, endpoint.labels);
}

function portAdmits(ports: INetworkPolicyPort[] | undefined, port: { number: number; name?: string }): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => p.port === undefined || p.port === port.number || (port.name !== undefined && p.port === port.name));
}

function allows(
  policies: INetworkPolicy[],
  subject: Endpoint,
  direction: 'Ingress' | 'Egress',
  peer: Endpoint,
  port: { number: number; name?: string },
): boolean {
  const relevant = policies.filter((p) => selects(p, subject) && (p.spec?.policyTypes ?? ['Ingress']).includes(direction));
  if (relevant.length === 0) return true; // not isolated in this direction
  return relevant.some((policy) => {
    const rules = direction === 'Ingress' ? (policy.spec?.ingress ?? []) : (policy.spec?.egress ?? []);
    return rules.some((rule) => {
      const peers = 'from' in rule ? rule.from : (rule as { to?: INetworkPolicyPeer[] }).to;
      const peerOk = !peers || peers.length === 0 || peers.some((candidate) => peerAdmits(candidate, peer));
      return peerOk && portAdmits(rule.ports, port);
    });
  });
}

/**
 * Every connection the NetworkPolicies allow between workloads of the render, as "from -> to:port",
 * by the Kubernetes semantics (a connection needs the sender's egress and the receiver's ingress).
 * Only matchLabels selectors are understood; networkPolicySelectorProblems reports the rest.
 */
export function allowedConnections(objects: K8sObject[]): Set<string> {
  const policies = policiesOf(objects);
  const endpoints = podTemplates(objects).map(endpointOf);
  const connections = new Set<string>();
  for (const from of endpoints) {
    for (const to of endpoints) {
      for (const port of to.ports) {
        if (from.namespace !== to.namespace) continue;
        if (allows(policies, from, 'Egress', to, port) && allows(policies, to, 'Ingress', from, port)) {
          connections.add(`${from.app} -> ${to.app}:${port.number}`);
        }
      }
    }
  }
  return connections;
}

/** Selectors the reachability analysis cannot evaluate: they would make its answer wrong. */
export function networkPolicySelectorProblems(objects: K8sObject[]): { policy: string; message: string }[] {
  const problems: { policy: string; message: string }[] = [];
  for (const policy of policiesOf(objects)) {
    const text = JSON.stringify(policy.spec ?? {});
    if (text.includes('matchExpressions')) {
      problems.push({ policy: policy.metadata?.name ?? '?', message: 'uses matchExpressions; deploy-check evaluates matchLabels only' });
    }
  }
  return problems;
}

export { APP_LABEL };
