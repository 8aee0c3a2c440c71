import { isJsonMap } from '../k8s-object';

/** An entry of a kustomization's `images:` list. */
export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Splits "registry:5000/repo/name:tag@sha256:..." into name, tag and digest. */
export function parseImageRef(ref: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = ref.split('@', 2);
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return { name: withoutDigest, digest };
  return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}

function rewrite(ref: string, override: ImageOverride): string {
  const current = parseImageRef(ref);
  const name = override.newName ?? current.name;
  if (override.digest) return `${name}@${override.digest}`;
  const tag = override.newTag ?? current.tag;
  const digest = override.newTag ? undefined : current.digest;
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Rewrites `image` of every container anywhere in the object whose image name matches an override. */
export function applyImageOverrides(node: unknown, overrides: ImageOverride[], inContainerList = false): void {
  if (Array.isArray(node)) {
    for (const item of node) applyImageOverrides(item, overrides, inContainerList);
    return;
  }
  if (!isJsonMap(node)) return;
  if (inContainerList && typeof node.image === 'string') {
    const image = node.image;
    const override = overrides.find((o) => o.name === parseImageRef(image).name);
    if (override) node.image = rewrite(image, override);
  }
  for (const [field, value] of Object.entries(node)) {
    applyImageOverrides(value, overrides, CONTAINER_LISTS.has(field));
  }
}
