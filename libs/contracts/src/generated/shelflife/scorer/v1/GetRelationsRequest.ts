// Original file: protos/shelflife/scorer/v1/scorer.proto


export interface GetRelationsRequest {
  /**
   * At most 5000 products per call.
   */
  'productIds'?: (string)[];
  /**
   * Relations per product; 0 means 10.
   */
  'k'?: (number);
}

export interface GetRelationsRequest__Output {
  /**
   * At most 5000 products per call.
   */
  'productIds': (string)[];
  /**
   * Relations per product; 0 means 10.
   */
  'k': (number);
}
