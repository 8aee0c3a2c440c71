import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { SECRETS_TEMPLATE } from '../repo-paths';
import { documentedSecrets, fillSecretTemplate, secretsToYaml } from './secret-template';

const template = fs.readFileSync(SECRETS_TEMPLATE, 'utf8');

describe('secrets template', () => {
  it('documents the secrets and keys the manifests read', () => {
    const secrets = documentedSecrets(template, 'template');
    expect([...(secrets.get('shelflife-amqp') ?? [])]).toEqual(['AMQP_URL']);
    expect([...(secrets.get('shelflife-mongo') ?? [])]).toEqual(['MONGO_URL']);
    expect(secrets.get('mongodb-credentials')).toContain('keyfile');
    expect(secrets.get('rabbitmq-credentials')).toContain('erlang-cookie');
  });

  it('commits no values: every secret part is a placeholder', () => {
    expect(template).toMatch(/\$\{RABBITMQ_PASSWORD\}/);
    expect(template).not.toMatch(/[0-9a-f]{32}/);
  });
});

describe('fillSecretTemplate', () => {
  let counter = 0;
  const values = () => `value${++counter}`;
  const secrets = fillSecretTemplate(template, 'shop', values);
  const data = (name: string) => secrets.find((s) => s.metadata.name === name)?.stringData as Record<string, string>;

  it('gives the same placeholder the same value everywhere', () => {
    const password = data('rabbitmq-credentials').RABBITMQ_DEFAULT_PASS;
    expect(password).toMatch(/^value\d+$/);
    expect(data('shelflife-amqp').AMQP_URL).toBe(`amqp://shelflife:${password}@rabbitmq:5672`);
    expect(data('shelflife-mongo').MONGO_URL).toContain(
      `:${data('mongodb-credentials').SHELFLIFE_APP_PASSWORD}@mongodb-headless.shop.svc.cluster.local/`,
    );
  });

  it('gives a key to its holder and only its SHA-256 to the gateway', () => {
    const key = data('console-ingest-key')['ingest-key'];
    expect(key).toMatch(/^value\d+$/);
    expect(data('storefront-gateway-ingest-keys')['ingest-keys']).toContain(`console ${createHash('sha256').update(key!).digest('hex')}`);
    expect(data('storefront-gateway-ingest-keys')['ingest-keys']).not.toContain(key);
  });

  it('puts every Secret in the namespace and leaves no placeholder', () => {
    expect(secrets.every((s) => s.metadata.namespace === 'shop')).toBe(true);
    expect(secretsToYaml(secrets)).not.toContain('${');
  });

  it('draws fresh random values by default', () => {
    const first = fillSecretTemplate(template, 'shop');
    const second = fillSecretTemplate(template, 'shop');
    const cookie = (s: typeof first) =>
      (s.find((x) => x.metadata.name === 'rabbitmq-credentials')?.stringData as Record<string, string>)['erlang-cookie'];
    expect(cookie(first)).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie(first)).not.toBe(cookie(second));
  });
});
