export { EVENTS, BATCH_RUNS, PUBLICATIONS, BATCH_INDEXES, stagingCollections } from './collections';
export { type BatchWindow, utcDay, addDays, checkWindow, daysOf, nightlyWindow, isBackfill } from './window';
export { type ArchivedEvent, toArchivedEvent } from './archive/archived-event';
export { archiveEvents, archiveEnvelopes } from './archive/archive-events';
export { computeDailyRevenue, computePriceSummary, lowerMedian, type DailyRevenue, type DailyRevenueRow } from './revenue/daily-revenue';
export { dailyRevenuePipeline, unitPricesPipeline } from './revenue/revenue-pipeline';
export { cooccurrencePipeline, itemCountPipeline, type PairingRule } from './model/cooccurrence-pipeline';
export { computeBatchModel, topItems, type ComputedModel } from './model/batch-model';
export { DEFAULT_BATCH_MODEL_OPTIONS, scoreBatchRelation, type BatchModelOptions } from './model/relation-scoring';
export { modelDivergence, type ModelDivergence } from './model/model-divergence';
export { runBatch, type BatchDeps, type BatchOutcome } from './publish/run-batch';
export { runBackfill } from './publish/backfill';
export { revenueReportLines, verdictReportLine, type RevenueReportLine, type VerdictReportLine } from './publish/report';
export { type AuditVerdict, type BatchRun, type BatchRunState } from './publish/batch-run';
export { openHeldRuns } from './publish/held-runs';
export {
  loadPublishedModel,
  loadModelVersion,
  readPublishedRevenue,
  type ModelPublication,
  type RevenuePublication,
} from './publish/publications';
export {
  toGatewayJson,
  formatGatewayNdjson,
  writeGatewayNdjson,
  parseGatewayNdjson,
  type GatewayEventJson,
  type NdjsonReading,
} from './ndjson/gateway-ndjson';
export { checkInput, type InputCheckOptions, type InputVerdict } from './input/input-check';
export { recordInputHold, type InputHold } from './input/input-hold';
export { archivedBefore } from './input/archived-before';
