import * as fs from 'node:fs';
import { DOCKERFILE } from '../repo-paths';
import { lintDockerfile } from './dockerfile-lint';

const dockerfile = fs.readFileSync(DOCKERFILE, 'utf8');
const dockerignore = fs.readFileSync(`${DOCKERFILE}.dockerignore`, 'utf8');

/** The real Dockerfile with one line replaced: a deliberately broken variant. */
function withReplaced(search: string | RegExp, replacement: string): string {
  const changed = dockerfile.replace(search, replacement);
  if (changed === dockerfile) throw new Error(`test setup: ${String(search)} is not in deploy/docker/Dockerfile`);
  return changed;
}

describe('lintDockerfile', () => {
  it('passes the repository Dockerfile and its .dockerignore', () => {
    expect(lintDockerfile(dockerfile, dockerignore)).toEqual([]);
  });

  it.each([
    ['an unpinned base image', /ARG NODE_IMAGE=\S+/, 'ARG NODE_IMAGE=node:latest', 'pin the base image'],
    ['a root runtime user', 'USER 1000:1000', 'USER root', 'non-root USER'],
    ['a shell-form CMD', /CMD \[.*\]/, 'CMD node dist/apps/x/main.js', 'exec (JSON) form'],
    ['a shell wrapper without exec', 'exec node', 'node', '`exec node`'],
    [
      'dev dependencies copied into the runtime',
      'COPY --from=prod-deps /src/node_modules',
      'COPY --from=build /src/node_modules',
      'npm ci --omit=dev',
    ],
    [
      'protos copied into the runtime image',
      'USER 1000:1000',
      'COPY protos ./protos\nUSER 1000:1000',
      'copies protos/, which nothing reads',
    ],
    ['a baked-in credential', 'ENV NODE_ENV=production', 'ENV AMQP_PASSWORD=guest NODE_ENV=production', 'bakes a credential'],
    ['no SERVICE build', /RUN npx nx run \$\{SERVICE\}:build/, 'RUN npx nx run gateway:build', 'npx nx run ${SERVICE}:build'],
  ])('fails %s', (_case, search, replacement, expected) => {
    expect(lintDockerfile(withReplaced(search, replacement), dockerignore)).toEqual(
      expect.arrayContaining([expect.stringContaining(expected)]),
    );
  });

  it('fails a single-stage build', () => {
    const singleStage =
      'FROM node:20.19.5-bookworm-slim\nARG SERVICE\nRUN npx nx run ${SERVICE}:build\nUSER 1000\nCMD ["node", "dist/apps/x/main.js"]\n';
    expect(lintDockerfile(singleStage)).toEqual(['must be multi-stage: build in one stage, copy only the output into the runtime stage']);
  });

  it('fails a .dockerignore that lets node_modules into the context', () => {
    expect(lintDockerfile(dockerfile, '.git\n')).toEqual([expect.stringContaining('must exclude node_modules')]);
  });
});
