import { createHash } from 'node:crypto';

/** A stable, non-reversible id for span attributes: never put user or session ids in spans as they are. */
export function hashId(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 16);
}
