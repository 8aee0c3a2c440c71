// The evaluation's data sets and their conversion to shop events, as a library for the scorer benchmark's
// replay of real clicks (main.ts is the evaluation's command line).
export { DATASET_NAMES, loadNamedDataset, type DatasetName } from './datasets';
export { toShopEvent } from './recommenders/scorer';
export { clicksInTimeOrder } from './session';
