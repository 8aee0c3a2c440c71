// Original file: protos/shelflife/scorer/v1/scorer.proto


export interface GetRecommendationsRequest {
  /**
   * Recommend for this product (the "customers also bought" widget)...
   */
  'productId'?: (string);
  /**
   * ...and/or blend the recent items of this session.
   */
  'sessionId'?: (string);
  /**
   * ...and/or this user's recent history.
   */
  'userId'?: (string);
  /**
   * At most this many items; 0 means the server default.
   */
  'limit'?: (number);
  'excludeViewed'?: (boolean);
  'excludeInCart'?: (boolean);
  'excludePurchased'?: (boolean);
}

export interface GetRecommendationsRequest__Output {
  /**
   * Recommend for this product (the "customers also bought" widget)...
   */
  'productId': (string);
  /**
   * ...and/or blend the recent items of this session.
   */
  'sessionId': (string);
  /**
   * ...and/or this user's recent history.
   */
  'userId': (string);
  /**
   * At most this many items; 0 means the server default.
   */
  'limit': (number);
  'excludeViewed': (boolean);
  'excludeInCart': (boolean);
  'excludePurchased': (boolean);
}
