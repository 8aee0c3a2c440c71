import { SERVICE_FILE_DESCRIPTOR_PROTOS } from './generated/descriptors';

/** Fully qualified name of a gRPC service of protos/, e.g. "shelflife.scorer.v1.ScorerService". */
export type GrpcServiceName = keyof typeof SERVICE_FILE_DESCRIPTOR_PROTOS;

/**
 * The service's .proto file and each file it imports, as serialized FileDescriptorProtos: what server
 * reflection describes the service with (generated with the code: no .proto file is read at run time).
 */
export function fileDescriptorProtos(service: GrpcServiceName): Buffer[] {
  return SERVICE_FILE_DESCRIPTOR_PROTOS[service].map((encoded) => Buffer.from(encoded, 'base64'));
}
