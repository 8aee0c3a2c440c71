import { K8sObject } from '../k8s-object';
import { brokerConfigRule } from './broker-config';
import { configMapSettingsRule } from './configmap-settings';
import { containerResourcesRule } from './resources';
import { containerSecurityRule } from './security';
import { gracefulShutdownRule } from './graceful-shutdown';
import { grpcSpreadRule } from './grpc-spread';
import { imageTagRule } from './image-tags';
import { grafanaDashboardsRule, prometheusRulesRule, scrapeTargetsRule } from './monitoring';
import { networkPoliciesRule } from './network-policies';
import { overlayExpectationsRule } from './overlay-expectations';
import { plainSecretsRule } from './plain-secrets';
import { probesRule } from './probes';
import { referencesRule } from './references';
import { scorerStatefulSetRule } from './scorer-statefulset';
import { sentinelStandbyRule } from './sentinel-standby';
import { PolicyContext, PolicyRule, Violation } from './violation';
import { workloadsRule } from './workloads';

export const POLICY_RULES: PolicyRule[] = [
  containerSecurityRule,
  containerResourcesRule,
  imageTagRule,
  probesRule,
  gracefulShutdownRule,
  plainSecretsRule,
  referencesRule,
  configMapSettingsRule,
  workloadsRule,
  networkPoliciesRule,
  overlayExpectationsRule,
  grpcSpreadRule,
  scorerStatefulSetRule,
  sentinelStandbyRule,
  brokerConfigRule,
  grafanaDashboardsRule,
  prometheusRulesRule,
  scrapeTargetsRule,
];

export function checkPolicies(objects: K8sObject[], context: PolicyContext): Violation[] {
  return POLICY_RULES.flatMap((rule) => rule.check(objects, context));
}

export type { PolicyContext, PolicyRule, Violation } from './violation';
