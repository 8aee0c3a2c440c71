// Original file: protos/shelflife/scorer/v1/scorer.proto

/**
 * Where an answer came from.
 */
export const Source = {
  SOURCE_UNSPECIFIED: 'SOURCE_UNSPECIFIED',
  SOURCE_REALTIME: 'SOURCE_REALTIME',
  SOURCE_BLENDED: 'SOURCE_BLENDED',
  SOURCE_FALLBACK: 'SOURCE_FALLBACK',
} as const;

/**
 * Where an answer came from.
 */
export type Source =
  | 'SOURCE_UNSPECIFIED'
  | 0
  | 'SOURCE_REALTIME'
  | 1
  | 'SOURCE_BLENDED'
  | 2
  | 'SOURCE_FALLBACK'
  | 3

/**
 * Where an answer came from.
 */
export type Source__Output = typeof Source[keyof typeof Source]
