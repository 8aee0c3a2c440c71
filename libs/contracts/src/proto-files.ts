import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';

/** The options the generated types were made with (tools/scripts/gen-protos.sh); loading must match them. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export const PROTO_FILES = {
  events: 'shelflife/events/v1/event.proto',
  collector: 'shelflife/collector/v1/collector.proto',
  scorer: 'shelflife/scorer/v1/scorer.proto',
  sentinel: 'shelflife/sentinel/v1/sentinel.proto',
} as const;

/**
 * Finds the protos/ folder: SHELFLIFE_PROTO_DIR when set, else the nearest protos/ above this file
 * (works from source, from a bundle in dist/ and inside the container image).
 */
export function protoDir(): string {
  const fromEnv = process.env.SHELFLIFE_PROTO_DIR;
  if (fromEnv) return fromEnv;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'protos');
    if (fs.existsSync(path.join(candidate, PROTO_FILES.events))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the protos/ folder; set SHELFLIFE_PROTO_DIR to its path');
    dir = parent;
  }
}

const cache = new Map<string, protoLoader.PackageDefinition>();

export function loadProtoDefinition(file: (typeof PROTO_FILES)[keyof typeof PROTO_FILES]): protoLoader.PackageDefinition {
  let definition = cache.get(file);
  if (!definition) {
    const dir = protoDir();
    definition = protoLoader.loadSync(path.join(dir, file), { ...PROTO_LOADER_OPTIONS, includeDirs: [dir] });
    cache.set(file, definition);
  }
  return definition;
}
