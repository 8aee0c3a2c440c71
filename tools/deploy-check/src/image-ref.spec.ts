import { parseImageRef } from './image-ref';

describe('parseImageRef', () => {
  it.each([
    ['mongo:8.0.12', { name: 'mongo', tag: '8.0.12' }],
    ['registry:5000/team/app:1.2', { name: 'registry:5000/team/app', tag: '1.2' }],
    ['registry:5000/team/app', { name: 'registry:5000/team/app' }],
    ['app@sha256:abc', { name: 'app', digest: 'sha256:abc' }],
  ])('%s', (ref, expected) => {
    expect(parseImageRef(ref)).toEqual({ digest: undefined, tag: undefined, ...expected });
  });
});
