import { applyImageOverrides, parseImageRef } from './images';

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

describe('applyImageOverrides', () => {
  const pod = () => ({ spec: { initContainers: [{ name: 'i', image: 'shelflife/x:0.1.0' }], containers: [{ name: 'c', image: 'shelflife/x:0.1.0' }, { name: 'o', image: 'other:1' }] } });

  it('renames and retags matching containers and init containers only', () => {
    const obj = pod();
    applyImageOverrides(obj, [{ name: 'shelflife/x', newName: 'ghcr.io/shelflife/x', newTag: '2.0.0' }]);
    expect(obj.spec.initContainers[0].image).toBe('ghcr.io/shelflife/x:2.0.0');
    expect(obj.spec.containers.map((c) => c.image)).toEqual(['ghcr.io/shelflife/x:2.0.0', 'other:1']);
  });

  it('pins by digest', () => {
    const obj = pod();
    applyImageOverrides(obj, [{ name: 'shelflife/x', digest: 'sha256:feed' }]);
    expect(obj.spec.containers[0].image).toBe('shelflife/x@sha256:feed');
  });
});
