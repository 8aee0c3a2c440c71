/**
 * Prints every Secret Shelflife needs, with fresh random values, for `kubectl apply -f -`:
 *   npx tsx tools/deploy-check/src/generate-secrets.ts --namespace shelflife | kubectl apply -f -
 * Values never touch the repository; re-running rotates all of them (see docs/operations.md).
 */
import * as fs from 'node:fs';
import { SECRETS_TEMPLATE } from './repo-paths';
import { fillSecretTemplate, secretsToYaml } from './secrets/secret-template';

function namespaceArgument(argv: string[]): string {
  const index = argv.indexOf('--namespace');
  const namespace = index >= 0 ? argv[index + 1] : 'shelflife';
  if (!namespace || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
    throw new Error(`--namespace "${namespace ?? ''}" is not a valid Kubernetes namespace name`);
  }
  return namespace;
}

try {
  const secrets = fillSecretTemplate(fs.readFileSync(SECRETS_TEMPLATE, 'utf8'), namespaceArgument(process.argv.slice(2)));
  process.stdout.write(secretsToYaml(secrets));
} catch (error) {
  process.stderr.write(`generate-secrets: ${(error as Error).message}\n`);
  process.exit(1);
}
