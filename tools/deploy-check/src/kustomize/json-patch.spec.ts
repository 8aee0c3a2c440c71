import { applyJsonPatch, isJsonPatch } from './json-patch';

describe('applyJsonPatch', () => {
  it('adds, replaces and removes by JSON pointer, including array ends and escaped keys', () => {
    const doc = { spec: { minReplicas: 2, list: [1, 2] }, metadata: { labels: { 'a/b': 'x' } } };
    applyJsonPatch(doc, [
      { op: 'replace', path: '/spec/minReplicas', value: 1 },
      { op: 'add', path: '/spec/list/-', value: 3 },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'replace', path: '/metadata/labels/a~1b', value: 'y' },
    ]);
    expect(doc).toEqual({ spec: { minReplicas: 1, list: [2, 3] }, metadata: { labels: { 'a/b': 'y' } } });
  });

  it('moves and copies values', () => {
    const doc: Record<string, unknown> = { a: { x: 1 }, b: {} };
    applyJsonPatch(doc, [
      { op: 'copy', from: '/a/x', path: '/b/y' },
      { op: 'move', from: '/a/x', path: '/b/z' },
    ]);
    expect(doc).toEqual({ a: {}, b: { y: 1, z: 1 } });
  });

  it('names the missing step when a path does not exist', () => {
    expect(() => applyJsonPatch({ spec: {} }, [{ op: 'replace', path: '/spec/volumeClaimTemplates/0/spec', value: 1 }])).toThrow(
      'JSON patch path /spec/volumeClaimTemplates/0/spec: "volumeClaimTemplates" does not exist',
    );
  });

  it('fails a test operation whose value differs', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow('JSON patch test failed at /a');
  });

  it('recognises a list of operations and nothing else', () => {
    expect(isJsonPatch([{ op: 'add', path: '/a', value: 1 }])).toBe(true);
    expect(isJsonPatch({ apiVersion: 'v1', kind: 'Service' })).toBe(false);
    expect(isJsonPatch([{ op: 'merge', path: '/a' }])).toBe(false);
  });
});
