import { strategicMerge } from './strategic-merge';

const deployment = () => ({
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'a:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['--x'] },
          { name: 'sidecar', image: 's:1' },
        ],
      },
    },
  },
});

describe('strategicMerge', () => {
  it('merges containers and env by name, keeping what the patch does not mention', () => {
    const merged = strategicMerge(deployment(), {
      spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] } } },
    }) as any;
    expect(merged.spec.template.spec.containers).toEqual([
      { name: 'app', image: 'a:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }], args: ['--x'] },
      { name: 'sidecar', image: 's:1' },
    ]);
  });

  it('replaces lists without a merge key and removes fields set to null', () => {
    const merged = strategicMerge(deployment(), { spec: { template: { spec: { containers: [{ name: 'app', args: ['--y'], image: null }] } } } }) as any;
    expect(merged.spec.template.spec.containers[0]).toEqual({ name: 'app', env: expect.any(Array), args: ['--y'] });
  });

  it('deletes a list item with $patch: delete', () => {
    const merged = strategicMerge(deployment(), { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }) as any;
    expect(merged.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['app']);
  });

  it('refuses a Service port patch without protocol, which kustomize would apply wrongly', () => {
    const service = { spec: { ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] } };
    expect(() => strategicMerge(service, { spec: { ports: [{ port: 8080, nodePort: 30080 }] } })).toThrow('Service port 8080 must also name its protocol');
    const merged = strategicMerge(service, { spec: { ports: [{ port: 8080, protocol: 'TCP', nodePort: 30080 }] } }) as any;
    expect(merged.spec.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP', nodePort: 30080 }]);
  });

  it('does not change its inputs', () => {
    const base = deployment();
    strategicMerge(base, { spec: { template: { spec: { containers: [{ name: 'app', image: 'a:2' }] } } } });
    expect(base).toEqual(deployment());
  });
});
