import * as grpc from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import type { Logger } from 'pino';
import { describeGrpcTls, grpcServerCredentials, type GrpcTls, type GrpcTlsSettings } from './grpc-tls';

export interface GrpcServiceRegistration {
  /** Fully qualified name, as health checks ask for it, e.g. "shelflife.scorer.v1.ScorerService". */
  name: string;
  /** The generated definition, e.g. ScorerServiceService from @shelflife/contracts. */
  definition: grpc.ServiceDefinition;
  /** The generated handler interface (e.g. ScorerServiceServer) extends UntypedServiceImplementation: no cast. */
  implementation: grpc.UntypedServiceImplementation;
  /** The service's file and its imports as serialized FileDescriptorProtos (contracts' fileDescriptorProtos): what reflection serves. */
  fileDescriptorProtos: Buffer[];
}

/** What @grpc/reflection takes: a proto-loader package definition, of which it reads only each entry's fileDescriptorProtos. */
type ReflectedPackage = ConstructorParameters<typeof ReflectionService>[0];

export interface RunningGrpcServer {
  port: number;
  /** plaintext, tls or mutual-tls, with the certificate it serves. */
  tls: GrpcTls;
  setServing(status: ServingStatus): void;
  /** Stops accepting calls, lets running ones finish within the grace period, then cancels the rest. */
  stop(graceMs: number): Promise<void>;
}

/**
 * A gRPC server with the standard health protocol (what Kubernetes' grpc probe and grpc-health-probe
 * ask) and server reflection (so grpcurl works without the .proto files), in plaintext or over TLS as
 * the settings say (grpc-tls.ts); health and reflection are served on the same port, so with TLS on
 * they need TLS too (Kubernetes' grpc probe cannot: docs/operations.md).
 */
export async function startGrpcServer(options: {
  port: number;
  /** Address to listen on (SHELFLIFE_GRPC_HOST); every IPv4 interface when unset. */
  host?: string;
  /** The service's config (its TLS settings); plaintext when unset. */
  tls?: GrpcTlsSettings;
  /** Says once whether the server serves plaintext or TLS, and when a certificate is renewed. */
  logger?: Logger;
  services: GrpcServiceRegistration[];
}): Promise<RunningGrpcServer> {
  // Checked before anything is bound: a bad file stops the start with the variable to fix.
  const serverTls = grpcServerCredentials(options.tls ?? {});
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 8 * 1024 * 1024 });
  for (const service of options.services) server.addService(service.definition, service.implementation);
  const statusMap: Record<string, ServingStatus> = { '': 'NOT_SERVING' };
  for (const service of options.services) statusMap[service.name] = 'NOT_SERVING';
  const health = new HealthImplementation(statusMap);
  health.addToServer(server);
  // Reflection from the descriptors generated with the code: no .proto file is read at run time. Each
  // service's files go in as one entry; reflection reads nothing of an entry but its fileDescriptorProtos.
  const reflected: ReflectedPackage = {};
  for (const service of options.services) {
    reflected[service.name] = {
      format: 'Protocol Buffer 3 EnumDescriptorProto',
      type: {},
      fileDescriptorProtos: service.fileDescriptorProtos,
    };
  }
  new ReflectionService(reflected).addToServer(server);
  const host = options.host ?? '0.0.0.0';
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${options.port}`, serverTls.credentials, (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  try {
    await serverTls.loaded(options.logger);
  } catch (error) {
    serverTls.stop();
    server.forceShutdown();
    throw error;
  }
  options.logger?.info({ grpcTls: serverTls.tls.mode }, describeGrpcTls(serverTls.tls, 'server'));
  const setServing = (status: ServingStatus) => {
    for (const name of Object.keys(statusMap)) health.setStatus(name, status);
  };
  return {
    port,
    tls: serverTls.tls,
    setServing,
    stop: (graceMs) =>
      new Promise<void>((resolve) => {
        setServing('NOT_SERVING');
        serverTls.stop();
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/** Maps an error to a gRPC status error that a person can act on. */
export function grpcError(code: grpc.status, message: string): grpc.ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata: new grpc.Metadata() }) as grpc.ServiceError;
}
