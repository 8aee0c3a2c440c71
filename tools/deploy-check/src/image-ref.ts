/** Splits "registry:5000/repo/name:tag@sha256:..." into name, tag and digest. */
export function parseImageRef(ref: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = ref.split('@', 2);
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return { name: withoutDigest, digest };
  return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}
