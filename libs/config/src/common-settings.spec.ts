import { commonSettings } from './common-settings';
import { ConfigError, loadConfig } from './env-spec';

describe('listen addresses and gRPC TLS settings', () => {
  it('listen on every IPv4 interface, plaintext gRPC, when nothing is set', () => {
    expect(loadConfig(commonSettings, {})).toMatchObject({
      adminHost: '0.0.0.0',
      grpcHost: '0.0.0.0',
      grpcTlsCertFile: undefined,
      grpcTlsKeyFile: undefined,
      grpcTlsCaFile: undefined,
      grpcTlsServerName: undefined,
      grpcTlsReloadMs: 60_000,
    });
  });

  it('take IPv4, IPv6 and host names to listen on', () => {
    for (const host of ['127.0.0.1', '::', '::1', 'fd00::12', 'localhost', 'pod-0.internal']) {
      expect(loadConfig(commonSettings, { SHELFLIFE_ADMIN_HOST: host, SHELFLIFE_GRPC_HOST: host })).toMatchObject({
        adminHost: host,
        grpcHost: host,
      });
    }
  });

  it('refuse an address with a port or a URL, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(commonSettings, env);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ SHELFLIFE_ADMIN_HOST: '127.0.0.1:9464', SHELFLIFE_GRPC_HOST: 'http://0.0.0.0' })).toEqual([
      expect.stringMatching(/^SHELFLIFE_ADMIN_HOST="127.0.0.1:9464": must be an address to listen on/),
      expect.stringMatching(/^SHELFLIFE_GRPC_HOST="http:\/\/0.0.0.0": must be an address to listen on/),
    ]);
    expect(problems({ SHELFLIFE_GRPC_TLS_RELOAD_MS: '10' })).toEqual([
      expect.stringMatching(/^SHELFLIFE_GRPC_TLS_RELOAD_MS="10": must be from 1000/),
    ]);
  });
});
