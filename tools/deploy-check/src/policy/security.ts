import { allContainers, podTemplates } from './pod-templates';
import { PolicyRule, Violation } from './violation';

/** Non-root, read-only root filesystem, no privilege escalation, no capabilities, a seccomp profile: for every container. */
export const containerSecurityRule: PolicyRule = {
  name: 'container-security',
  check(objects) {
    const violations: Violation[] = [];
    for (const pod of podTemplates(objects)) {
      const report = (message: string) => violations.push({ rule: this.name, object: pod.ownerId, message });
      const podContext = pod.spec.securityContext ?? {};
      if (podContext.runAsNonRoot !== true) report('pod securityContext.runAsNonRoot must be true');
      if (podContext.runAsUser === 0) report('pod securityContext.runAsUser must not be 0 (root)');
      const podSeccomp = podContext.seccompProfile?.type;
      for (const { container, where } of allContainers(pod)) {
        const context = container.securityContext ?? {};
        // The namespace enforces the "restricted" Pod Security Standard, which refuses pods without it.
        const seccomp = context.seccompProfile?.type ?? podSeccomp;
        if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
          report(`${where}: set seccompProfile.type: RuntimeDefault (pod or container securityContext)`);
        if (context.runAsUser === 0) report(`${where}: securityContext.runAsUser must not be 0 (root)`);
        if (context.runAsNonRoot === false) report(`${where}: securityContext.runAsNonRoot must not be false`);
        if (context.privileged === true) report(`${where}: must not be privileged`);
        if (context.readOnlyRootFilesystem !== true) {
          report(`${where}: set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where it must write)`);
        }
        if (context.allowPrivilegeEscalation !== false) report(`${where}: set securityContext.allowPrivilegeEscalation: false`);
        if (!(context.capabilities?.drop ?? []).includes('ALL')) report(`${where}: set securityContext.capabilities.drop: ["ALL"]`);
        if ((context.capabilities?.add ?? []).length > 0) report(`${where}: must not add capabilities`);
      }
    }
    return violations;
  },
};
