// The sentinel's detectors over a file of gateway events, as a library for the sentinel benchmark (main.ts is the command line).
export { parseLine, replay, toAlertLine, type AlertLine, type ReplaySummary } from './replay';
