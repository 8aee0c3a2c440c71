import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commonSettings, ConfigError, loadConfig } from '@shelflife/config';
import { amqpTlsFrom, amqpTlsSocketOptions } from './amqp-tls';
import { busOptionsFrom } from './create-bus';

/** The path every service takes: its environment through libs/config, then busOptionsFrom. */
function busOptionsOf(env: Record<string, string>) {
  return busOptionsFrom(loadConfig(commonSettings, env));
}

describe('AMQP TLS settings', () => {
  let dir: string;
  let ca: string;
  let cert: string;
  let key: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shelflife-amqp-tls-settings-'));
    [ca, cert, key] = ['ca.pem', 'client.pem', 'client.key'].map((name) => path.join(dir, name)) as [string, string, string];
    fs.writeFileSync(ca, 'CA PEM');
    fs.writeFileSync(cert, 'CERT PEM');
    fs.writeFileSync(key, 'KEY PEM');
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is off when no file is set', () => {
    expect(busOptionsOf({ AMQP_URL: 'amqps://broker:5671' }).amqpTls).toBeUndefined();
    expect(amqpTlsSocketOptions(undefined)).toEqual({});
  });

  it('takes the CA alone, or with a client certificate and key, for amqps:// (every node of a list)', () => {
    expect(busOptionsOf({ AMQP_URL: 'amqps://a:5671,amqps://b:5671', SHELFLIFE_AMQP_CA_FILE: ca }).amqpTls).toEqual({ caFile: ca });
    const tls = busOptionsOf({
      AMQP_URL: 'amqps://a:5671',
      SHELFLIFE_AMQP_CA_FILE: ca,
      SHELFLIFE_AMQP_CERT_FILE: cert,
      SHELFLIFE_AMQP_KEY_FILE: key,
    }).amqpTls;
    expect(tls).toEqual({ caFile: ca, certFile: cert, keyFile: key });
    expect(amqpTlsSocketOptions(tls)).toEqual({ ca: [Buffer.from('CA PEM')], cert: Buffer.from('CERT PEM'), key: Buffer.from('KEY PEM') });
  });

  it('fails start-up naming the variable when a file does not exist', () => {
    const env = { AMQP_URL: 'amqps://a:5671', SHELFLIFE_AMQP_CA_FILE: path.join(dir, 'missing.pem') };
    expect(() => busOptionsOf(env)).toThrow(ConfigError);
    expect(() => busOptionsOf(env)).toThrow(/SHELFLIFE_AMQP_CA_FILE=".*missing\.pem": no such file/);
  });

  it('fails start-up naming the variable when the path is a folder', () => {
    expect(() => busOptionsOf({ AMQP_URL: 'amqps://a:5671', SHELFLIFE_AMQP_KEY_FILE: dir, SHELFLIFE_AMQP_CERT_FILE: cert })).toThrow(
      /SHELFLIFE_AMQP_KEY_FILE=.*: is not a file/,
    );
  });

  it('wants the client certificate and its key together', () => {
    expect(() => busOptionsOf({ AMQP_URL: 'amqps://a:5671', SHELFLIFE_AMQP_CERT_FILE: cert })).toThrow(
      /SHELFLIFE_AMQP_KEY_FILE is not set: a client certificate \(SHELFLIFE_AMQP_CERT_FILE\) and its private key \(SHELFLIFE_AMQP_KEY_FILE\) go together/,
    );
    expect(() => busOptionsOf({ AMQP_URL: 'amqps://a:5671', SHELFLIFE_AMQP_KEY_FILE: key })).toThrow(
      /^SHELFLIFE_AMQP_CERT_FILE is not set/,
    );
  });

  it('refuses certificate files with a plain amqp:// URL rather than send in clear', () => {
    expect(() => busOptionsOf({ AMQP_URL: 'amqp://a:5672', SHELFLIFE_AMQP_CA_FILE: ca })).toThrow(
      /SHELFLIFE_AMQP_CA_FILE set but AMQP_URL names a node without TLS \(amqp:\/\/\).*use amqps:\/\//,
    );
    expect(() =>
      busOptionsOf({ AMQP_URL: 'amqps://a:5671,amqp://b:5672', SHELFLIFE_AMQP_CERT_FILE: cert, SHELFLIFE_AMQP_KEY_FILE: key }),
    ).toThrow(/SHELFLIFE_AMQP_CERT_FILE, SHELFLIFE_AMQP_KEY_FILE set but AMQP_URL names a node without TLS/);
  });

  it('refuses certificate files without a broker URL', () => {
    expect(() => amqpTlsFrom({ amqpCaFile: ca })).toThrow(/SHELFLIFE_AMQP_CA_FILE set but AMQP_URL is not/);
  });

  it('names the variable when a file has gone by the time it is read (a connect)', () => {
    expect(() => amqpTlsSocketOptions({ caFile: path.join(dir, 'gone.pem') })).toThrow(
      /cannot read .*gone\.pem \(SHELFLIFE_AMQP_CA_FILE\)/,
    );
  });
});
