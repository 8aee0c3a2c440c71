// Original file: protos/shelflife/collector/v1/collector.proto


/**
 * One problem with one field: what an HTTP client gets in error.details for the same event.
 */
export interface FieldProblem {
  /**
   * The field, e.g. "price.currency" (empty for the event as a whole).
   */
  'field'?: (string);
  'problem'?: (string);
}

/**
 * One problem with one field: what an HTTP client gets in error.details for the same event.
 */
export interface FieldProblem__Output {
  /**
   * The field, e.g. "price.currency" (empty for the event as a whole).
   */
  'field': (string);
  'problem': (string);
}
