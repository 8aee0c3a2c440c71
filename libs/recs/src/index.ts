export { RecommendationModel } from './recommendation-model';
export { DEFAULT_RECS_OPTIONS, resolveRecsOptions, type RecsOptions } from './options';
export { scoreRelation, type RelationScoring } from './similarity';
export { SNAPSHOT_FORMAT, type CapturedSnapshot, type RecsSnapshot } from './snapshot';
export { encodeTypedArray, type NumericArray } from './typed-array-codec';
export { MAX_LIMIT } from './recommend-query';
export type { JournalEvent } from './learning-journal';
export type { RetractResult, RetractSince } from './retract-learning';
export type { BatchModel, Recommendation, RecommendationSource, RecommendQuery, RecsStats, ScoredItem } from './types';
