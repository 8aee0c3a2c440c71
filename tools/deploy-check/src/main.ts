/**
 * deploy-check: renders each Kustomize overlay with `kubectl kustomize` (Debian's kubernetes-client
 * package), validates every object against the Kubernetes schemas offline (kubernetes-models), checks
 * Shelflife's own policy rules, and lints the Dockerfile. Exits 1 on any problem, 2 when it cannot run
 * (kubectl missing: the message says how to install it).
 *
 *   npx tsx tools/deploy-check/src/main.ts                      # both overlays + Dockerfile
 *   npx tsx tools/deploy-check/src/main.ts --overlay prod       # one overlay
 *   npx tsx tools/deploy-check/src/main.ts --manifests x.yaml   # any manifest file, as overlay "custom"
 *   options: --print (write kubectl's render to stdout)
 */
import * as fs from 'node:fs';
import { checkObjects, checkOverlay, CheckReport } from './check-overlay';
import { lintDockerfile } from './docker/dockerfile-lint';
import { parseK8sObjects } from './k8s-object';
import { kubectlKustomizeYaml } from './kubectl';
import { DOCKERFILE, OVERLAYS, overlayDir } from './repo-paths';

interface Arguments {
  overlays: string[];
  manifests?: string;
  print: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const args: Arguments = { overlays: [], print: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--overlay') args.overlays.push(argv[++i] ?? '');
    else if (flag === '--manifests') args.manifests = argv[++i];
    else if (flag === '--print') args.print = true;
    else if (flag === '--no-kubectl')
      throw new Error('--no-kubectl is gone: deploy-check renders the overlays with kubectl kustomize and has no renderer of its own');
    else throw new Error(`unknown argument "${flag}"; use --overlay NAME, --manifests FILE, --print`);
  }
  for (const overlay of args.overlays) {
    if (!fs.existsSync(overlayDir(overlay)))
      throw new Error(`--overlay "${overlay}": no such overlay in deploy/overlays (have: ${OVERLAYS.join(', ')})`);
  }
  return args;
}

function printReport(report: CheckReport): void {
  const status = report.problems.length === 0 ? 'ok' : `${report.problems.length} problem(s)`;
  process.stdout.write(`${report.name}: ${report.objectCount} objects, ${status}\n`);
  for (const problem of report.problems) process.stdout.write(`  FAIL ${problem}\n`);
}

async function run(args: Arguments): Promise<CheckReport[]> {
  if (args.manifests) {
    const objects = parseK8sObjects(fs.readFileSync(args.manifests, 'utf8'), args.manifests);
    return [await checkObjects(args.manifests, 'custom', objects, { schemas: true })];
  }
  const overlays = args.overlays.length > 0 ? args.overlays : [...OVERLAYS];
  const reports: CheckReport[] = [];
  for (const overlay of overlays) reports.push(await checkOverlay(overlay, overlayDir(overlay), { schemas: true }));
  const dockerignore = `${DOCKERFILE}.dockerignore`;
  const dockerProblems = lintDockerfile(
    fs.readFileSync(DOCKERFILE, 'utf8'),
    fs.existsSync(dockerignore) ? fs.readFileSync(dockerignore, 'utf8') : '',
  );
  reports.push({ name: 'deploy/docker/Dockerfile', objectCount: 1, problems: dockerProblems.map((p) => `[dockerfile] ${p}`) });
  return reports;
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  if (args.print) {
    const overlays = args.overlays.length > 0 ? args.overlays : [...OVERLAYS];
    process.stdout.write(overlays.map((overlay) => kubectlKustomizeYaml(overlayDir(overlay))).join('---\n'));
    return 0;
  }
  const reports = await run(args);
  reports.forEach(printReport);
  const failed = reports.filter((r) => r.problems.length > 0);
  process.stdout.write(failed.length === 0 ? 'deploy-check OK\n' : `deploy-check FAILED: ${failed.map((r) => r.name).join(', ')}\n`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`deploy-check: ${error.message}\n`);
    process.exit(2);
  },
);
