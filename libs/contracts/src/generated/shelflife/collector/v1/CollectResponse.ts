// Original file: protos/shelflife/collector/v1/collector.proto

import type { Outcome as _shelflife_collector_v1_Outcome, Outcome__Output as _shelflife_collector_v1_Outcome__Output } from '../../../shelflife/collector/v1/Outcome';
import type { FieldProblem as _shelflife_collector_v1_FieldProblem, FieldProblem__Output as _shelflife_collector_v1_FieldProblem__Output } from '../../../shelflife/collector/v1/FieldProblem';

export interface CollectResponse {
  'outcome'?: (_shelflife_collector_v1_Outcome);
  'eventId'?: (string);
  /**
   * Why it was rejected, for OUTCOME_REJECTED: the problems in one line.
   */
  'reason'?: (string);
  /**
   * For OUTCOME_REJECTED: the rule's code ("INVALID_EVENT" or "UNKNOWN_EVENT_TYPE") and every problem,
   * exactly as the gateway answers them over HTTP (the rules are shared: libs/contracts event-rules.ts).
   */
  'code'?: (string);
  'problems'?: (_shelflife_collector_v1_FieldProblem)[];
}

export interface CollectResponse__Output {
  'outcome': (_shelflife_collector_v1_Outcome__Output);
  'eventId': (string);
  /**
   * Why it was rejected, for OUTCOME_REJECTED: the problems in one line.
   */
  'reason': (string);
  /**
   * For OUTCOME_REJECTED: the rule's code ("INVALID_EVENT" or "UNKNOWN_EVENT_TYPE") and every problem,
   * exactly as the gateway answers them over HTTP (the rules are shared: libs/contracts event-rules.ts).
   */
  'code': (string);
  'problems': (_shelflife_collector_v1_FieldProblem__Output)[];
}
