import { checkPolicies, POLICY_RULES } from '.';
import { policyContext } from '../check-overlay';
import { renderedOverlay } from '../testing/manifests';

describe.each(['dev', 'prod'])('overlay %s', (overlay) => {
  it('renders the five services, the broker, the database and the tracing collector', () => {
    const names = renderedOverlay(overlay).map((o) => `${o.kind}/${o.metadata.name}`);
    for (const expected of [
      'Deployment/storefront-gateway',
      'Deployment/event-collector',
      'StatefulSet/stream-scorer',
      'Deployment/quality-sentinel',
      'Deployment/batch-aggregator',
      'CronJob/batch-aggregator-nightly',
      'StatefulSet/rabbitmq',
      'StatefulSet/mongodb',
      'Deployment/otel-collector',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('passes every policy rule', () => {
    const found = checkPolicies(renderedOverlay(overlay), policyContext(overlay));
    expect(found).toEqual([]);
    expect(POLICY_RULES.length).toBeGreaterThanOrEqual(10);
  });
});

it('dev runs Jaeger in the namespace and prod does not', () => {
  const hasJaeger = (overlay: string) => renderedOverlay(overlay).some((o) => o.kind === 'Deployment' && o.metadata.name === 'jaeger');
  expect(hasJaeger('dev')).toBe(true);
  expect(hasJaeger('prod')).toBe(false);
});
