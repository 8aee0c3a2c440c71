import { allowedConnections } from './network-reachability';
import { overlayWithChange, renderedOverlay, violations, type Yaml } from '../testing/manifests';

describe('network-policies', () => {
  it('allows exactly the expected connections in dev, including the gateway reaching the collector and the scorer', () => {
    const allowed = allowedConnections(renderedOverlay('dev'));
    expect(allowed).toContain('storefront-gateway -> event-collector:50051');
    expect(allowed).toContain('otel-collector -> jaeger:4317');
    expect(allowed).not.toContain('storefront-gateway -> mongodb:27017');
  });

  it('fails without the default deny', () => {
    const objects = renderedOverlay('dev').filter((o) => o.metadata.name !== 'default-deny-all');
    const found = violations(objects, 'network-policies');
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining('missing a default deny')]));
  });

  it('fails a backend opened to every source', () => {
    const objects = overlayWithChange('dev', 'NetworkPolicy', 'event-collector', (p) => delete p.spec.ingress[0].from);
    expect(violations(objects, 'network-policies')).toEqual(
      expect.arrayContaining([expect.stringContaining('lets any source reach event-collector')]),
    );
  });

  it('fails an allowed connection nobody needs', () => {
    const objects = overlayWithChange('dev', 'NetworkPolicy', 'mongodb', (p) => {
      p.spec.ingress[0].from.push({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'storefront-gateway' } } });
    });
    const gateway = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'storefront-gateway') as Yaml;
    gateway.spec.egress.push({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mongodb' } } }],
      ports: [{ protocol: 'TCP', port: 27017 }],
    });
    expect(violations(objects, 'network-policies')).toEqual([
      expect.stringContaining('storefront-gateway -> mongodb:27017 is allowed but not needed'),
    ]);
  });

  it('fails a needed connection the policies block', () => {
    const objects = overlayWithChange('prod', 'NetworkPolicy', 'batch-aggregator', (p) => p.spec.egress.pop());
    expect(violations(objects, 'network-policies', 'prod')).toEqual([
      expect.stringContaining('batch-aggregator -> quality-sentinel:50053 is needed but not allowed'),
    ]);
  });

  it('fails exposing a backend through a NodePort', () => {
    const objects = overlayWithChange('dev', 'Service', 'stream-scorer', (s) => (s.spec.type = 'NodePort'));
    expect(violations(objects, 'network-policies')).toEqual([expect.stringContaining('type NodePort exposes it outside the cluster')]);
  });

  it('fails unrestricted egress from a pod that does not use the Kubernetes API', () => {
    const objects = overlayWithChange('dev', 'NetworkPolicy', 'stream-scorer', (p) =>
      p.spec.egress.push({ ports: [{ protocol: 'TCP', port: 443 }] }),
    );
    expect(violations(objects, 'network-policies')).toEqual([expect.stringContaining('lets stream-scorer send anywhere')]);
  });
});
