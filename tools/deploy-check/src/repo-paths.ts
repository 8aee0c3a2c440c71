import * as path from 'node:path';

/** The repository root, found from this file so the tool works from any working directory. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const DEPLOY_DIR = path.join(REPO_ROOT, 'deploy');
export const OVERLAYS = ['dev', 'prod'] as const;
export type OverlayName = (typeof OVERLAYS)[number];

export function overlayDir(overlay: string): string {
  return path.join(DEPLOY_DIR, 'overlays', overlay);
}

export const DOCKERFILE = path.join(DEPLOY_DIR, 'docker', 'Dockerfile');
export const SECRETS_TEMPLATE = path.join(DEPLOY_DIR, 'secrets', 'secrets.example.yaml');
