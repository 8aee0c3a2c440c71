import { K8sObject } from '../k8s-object';

/** One broken rule on one object: `rule` names the check, `message` says what to change. */
export interface Violation {
  rule: string;
  object: string;
  message: string;
}

/** What a rule may know besides the rendered objects. */
export interface PolicyContext {
  overlay: string;
  /** Secret name -> keys, from deploy/secrets/secrets.example.yaml: the only secrets manifests may reference. */
  documentedSecrets: Map<string, Set<string>>;
  /** Variable -> who reads it: every environment variable a Shelflife process reads (settings/known-settings.ts). */
  knownSettings: Map<string, string[]>;
}

export interface PolicyRule {
  name: string;
  check(objects: K8sObject[], context: PolicyContext): Violation[];
}
