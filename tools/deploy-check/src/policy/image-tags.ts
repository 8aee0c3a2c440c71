import { parseImageRef } from '../image-ref';
import { allContainers, podTemplates } from './pod-templates';
import { PolicyRule, Violation } from './violation';

/** Every image pinned by a tag other than `latest`, or by digest: a rollout must be reproducible. */
export const imageTagRule: PolicyRule = {
  name: 'image-tags',
  check(objects) {
    const violations: Violation[] = [];
    for (const pod of podTemplates(objects)) {
      for (const { container, where } of allContainers(pod)) {
        const image = container.image ?? '';
        const { tag, digest } = parseImageRef(image);
        if (!image) violations.push({ rule: this.name, object: pod.ownerId, message: `${where}: has no image` });
        else if (!digest && (!tag || tag === 'latest')) {
          violations.push({
            rule: this.name,
            object: pod.ownerId,
            message: `${where}: image "${image}" must be pinned to a version tag or digest, not latest`,
          });
        }
      }
    }
    return violations;
  },
};
