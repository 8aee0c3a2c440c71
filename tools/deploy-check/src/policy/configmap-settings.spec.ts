import * as fs from 'node:fs';
import * as path from 'node:path';
import { closestSetting, declaredSettings, directEnvironmentReads, knownSettings } from '../settings/known-settings';
import { temporaryDirs } from '../temporary-dirs';
import { overlayWithChange, renderedOverlay, violations } from '../testing/manifests';
import { gatewaySettings } from '@shelflife/storefront-gateway';
import { commonSettings, storeSettings } from '@shelflife/config';

const about = (key: string) => (messages: string[]) => messages.filter((m) => m.includes(`${key} (loaded by`));

describe('configmap-settings', () => {
  it('fails a misspelt key in a service ConfigMap, naming it and the closest known setting', () => {
    const objects = overlayWithChange('dev', 'ConfigMap', 'storefront-gateway-config', (c) => (c.data.SHELFLIFE_HTTP_PROT = '8080'));
    expect(about('SHELFLIFE_HTTP_PROT')(violations(objects, 'configmap-settings'))).toEqual([
      'v1 ConfigMap shelflife/storefront-gateway-config: SHELFLIFE_HTTP_PROT (loaded by apps/v1 Deployment shelflife/storefront-gateway container storefront-gateway) ' +
        'is not a setting any Shelflife service reads; the closest known setting is SHELFLIFE_HTTP_PORT (settings are declared in libs/config and apps/*/src/config.ts)',
    ]);
  });

  it('fails a retired key in the shared ConfigMap once, in prod too', () => {
    const objects = overlayWithChange('prod', 'ConfigMap', 'shelflife-common-config', (c) => (c.data.SHELFLIFE_MAX_BATCH = '500'));
    const found = about('SHELFLIFE_MAX_BATCH')(violations(objects, 'configmap-settings', 'prod'));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('v1 ConfigMap shelflife/shelflife-common-config: SHELFLIFE_MAX_BATCH');
    expect(found[0]).toMatch(/closest known setting is SHELFLIFE_[A-Z_]+/);
  });

  it('checks the variable an envFrom prefix makes, not the bare key', () => {
    const objects = overlayWithChange('dev', 'Deployment', 'event-collector', (d) => {
      d.spec.template.spec.containers[0].envFrom.push({ prefix: 'COLLECTOR_', configMapRef: { name: 'event-collector-config' } });
    });
    expect(about('COLLECTOR_SHELFLIFE_GRPC_PORT')(violations(objects, 'configmap-settings'))).toEqual([
      expect.stringContaining('the closest known setting is SHELFLIFE_GRPC_PORT'),
    ]);
  });

  it('checks a single key taken with env valueFrom.configMapKeyRef under its variable name', () => {
    const objects = overlayWithChange('dev', 'StatefulSet', 'stream-scorer', (s) => {
      s.spec.template.spec.containers[0].env = [
        ...(s.spec.template.spec.containers[0].env ?? []),
        { name: 'SHELFLIFE_GRPC_PROT', valueFrom: { configMapKeyRef: { name: 'stream-scorer-config', key: 'SHELFLIFE_GRPC_PORT' } } },
      ];
    });
    expect(about('SHELFLIFE_GRPC_PROT')(violations(objects, 'configmap-settings'))).toEqual([
      expect.stringContaining('v1 ConfigMap shelflife/stream-scorer-config key SHELFLIFE_GRPC_PORT: SHELFLIFE_GRPC_PROT'),
    ]);
  });

  it('leaves the ConfigMaps of other images alone (the MongoDB init job reads its own variables)', () => {
    const found = violations(renderedOverlay('dev'), 'configmap-settings');
    expect(found.filter((m) => m.includes('mongodb-config'))).toEqual([]);
  });

  it('accepts a key once some service declares it', () => {
    const objects = overlayWithChange('dev', 'ConfigMap', 'storefront-gateway-config', (c) => (c.data.SHELFLIFE_NEW_KNOB = '1'));
    const catalogue = new Map(knownSettings());
    expect(about('SHELFLIFE_NEW_KNOB')(violations(objects, 'configmap-settings'))).toHaveLength(1);
    catalogue.set('SHELFLIFE_NEW_KNOB', ['storefront-gateway gatewaySettings']);
    expect(about('SHELFLIFE_NEW_KNOB')(violations(objects, 'configmap-settings', 'dev', { knownSettings: catalogue }))).toEqual([]);
  });
});

describe('the settings catalogue', () => {
  const temporaryDir = temporaryDirs();

  it('holds every declared setting of libs/config and of the services, with who declares it', () => {
    const catalogue = knownSettings();
    for (const setting of [...Object.values(commonSettings), ...Object.values(storeSettings), ...Object.values(gatewaySettings)]) {
      expect(catalogue.has(setting.variable)).toBe(true);
    }
    expect(catalogue.get('SHELFLIFE_HTTP_PORT')).toEqual(['storefront-gateway gatewaySettings']);
    expect(catalogue.get('AMQP_URL')).toEqual(expect.arrayContaining(['libs/config commonSettings']));
    expect(catalogue.get('NODE_OPTIONS')).toEqual(['Node.js']);
  });

  it("reads Settings from a module's exports and ignores everything else", () => {
    const module = {
      settings: { port: { variable: 'X_PORT', defaultValue: '1', description: '', parse: Number } },
      other: { variable: 'NOT_A_SETTING' },
      list: ['Y'],
    };
    expect([...declaredSettings('x', module).entries()]).toEqual([['X_PORT', ['x settings']]]);
  });

  it('counts variables code reads straight from process.env, specs excepted', () => {
    const root = temporaryDir('known-settings-');
    fs.mkdirSync(path.join(root, 'apps/a/src'), { recursive: true });
    fs.mkdirSync(path.join(root, 'libs/b/src/deep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'apps/a/src/main.ts'), 'const dir = process.env.SHELFLIFE_DIR ?? process.env["OTHER_ONE"];');
    fs.writeFileSync(path.join(root, 'libs/b/src/deep/x.ts'), "export const y = process.env['LIB_VAR'];");
    fs.writeFileSync(path.join(root, 'libs/b/src/x.spec.ts'), 'process.env.ONLY_IN_A_SPEC = "1";');
    expect(Object.fromEntries(directEnvironmentReads(root))).toEqual({
      SHELFLIFE_DIR: ['apps/a/src/main.ts'],
      OTHER_ONE: ['apps/a/src/main.ts'],
      LIB_VAR: ['libs/b/src/deep/x.ts'],
    });
  });

  it('suggests the setting with the fewest edits', () => {
    expect(closestSetting('SHELFLIFE_ADMN_PORT', ['SHELFLIFE_ADMIN_PORT', 'SHELFLIFE_HTTP_PORT'])).toBe('SHELFLIFE_ADMIN_PORT');
    expect(closestSetting('LOGLEVEL', ['LOG_LEVEL', 'MONGO_DB'])).toBe('LOG_LEVEL');
    expect(closestSetting('X', [])).toBeUndefined();
  });
});
