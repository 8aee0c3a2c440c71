import { parseImageRef } from '../image-ref';
import { expandArgs, globalArgDefaults, parseDockerfile, Stage } from './dockerfile-parse';

const CREDENTIAL_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY)/i;

function runs(stage: Stage, pattern: RegExp): boolean {
  return stage.instructions.some((i) => i.keyword === 'RUN' && pattern.test(i.args));
}

/**
 * Lint of the one Dockerfile pattern (images cannot be built on this machine, so its content is
 * checked instead): multi-stage, pinned base images, a SERVICE build arg building that service,
 * production dependencies only in the final image, no protos/ (generated into the bundle), a non-root user, node as PID 1
 * (exec form) so SIGTERM reaches the drain, and no credentials baked in. Returns problems found.
 */
export function lintDockerfile(text: string, dockerignore?: string): string[] {
  const problems: string[] = [];
  const { preamble, stages } = parseDockerfile(text);
  const defaults = globalArgDefaults(preamble);
  if (stages.length < 2) problems.push('must be multi-stage: build in one stage, copy only the output into the runtime stage');
  for (const stage of stages) {
    const image = expandArgs(stage.image, defaults);
    const { tag, digest } = parseImageRef(image);
    if (!stages.some((s) => s.name === image) && !digest && (!tag || tag === 'latest' || image.includes('$'))) {
      problems.push(`FROM ${stage.image}: pin the base image to a version tag or digest, not latest`);
    }
  }
  const all = [...preamble, ...stages.flatMap((s) => s.instructions)];
  if (!all.some((i) => i.keyword === 'ARG' && /^SERVICE(=|$)/.test(i.args)))
    problems.push('declare ARG SERVICE: one Dockerfile builds every service');
  if (!stages.some((s) => runs(s, /nx run \$\{?SERVICE\}?:build/))) problems.push('a stage must run `npx nx run ${SERVICE}:build`');
  for (const i of all) {
    if ((i.keyword === 'ENV' || i.keyword === 'ARG') && CREDENTIAL_NAME.test(i.args))
      problems.push(`line ${i.line}: ${i.keyword} ${i.args} bakes a credential into the image; pass it at run time from a Secret`);
    if (i.keyword === 'ADD' && /https?:\/\//.test(i.args))
      problems.push(`line ${i.line}: ADD from a URL is not reproducible; download in a RUN step with a checksum`);
  }
  const runtime = stages[stages.length - 1];
  if (!runtime) return [...problems, 'has no FROM'];
  const final = runtime.instructions;
  const users = final.filter((i) => i.keyword === 'USER');
  const user = users[users.length - 1]?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push('the runtime stage must end with a non-root USER (e.g. USER 1000:1000)');
  for (const copy of final.filter((i) => i.keyword === 'COPY' && i.args.includes('node_modules'))) {
    const from = /--from=(\S+)/.exec(copy.args)?.[1];
    const source = stages.find((s) => s.name === from);
    if (!source || !runs(source, /npm ci\b.*--omit=dev|npm ci\b.*--production/)) {
      problems.push(`line ${copy.line}: node_modules in the runtime image must come from a stage that runs \`npm ci --omit=dev\``);
    }
  }
  if (runs(runtime, /npm (ci|install|i)\b(?!.*--omit=dev)/))
    problems.push('the runtime stage installs dev dependencies; use npm ci --omit=dev in a separate stage');
  // The gRPC code and its descriptors are generated into the bundle (libs/contracts/src/generated): no .proto is read at run time.
  if (final.some((i) => i.keyword === 'COPY' && /\bprotos\b/.test(i.args)))
    problems.push(
      'the runtime stage copies protos/, which nothing reads at run time any more (the gRPC code is generated into the bundle); remove it',
    );
  const start = [...final].reverse().find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (!start) problems.push('the runtime stage needs a CMD or ENTRYPOINT');
  else if (!start.args.startsWith('['))
    problems.push(`line ${start.line}: use the exec (JSON) form of ${start.keyword} so node, not a shell, receives SIGTERM`);
  else if (/"(sh|bash)"/.test(start.args) && !/exec node/.test(start.args))
    problems.push(`line ${start.line}: a shell wrapper must \`exec node\` so node receives SIGTERM`);
  else if (!/dist\/apps\//.test(start.args)) problems.push(`line ${start.line}: must start node dist/apps/<service>/main.js`);
  if (dockerignore !== undefined) {
    for (const entry of ['node_modules', '.git']) {
      if (!dockerignore.split('\n').some((line) => line.trim().replace(/^\*\*\//, '') === entry)) {
        problems.push(`Dockerfile.dockerignore must exclude ${entry} (it would bloat the context and leak local state)`);
      }
    }
  }
  return problems;
}
