// Original file: protos/shelflife/scorer/v1/scorer.proto


export interface ScoredItem {
  'productId'?: (string);
  'score'?: (number | string);
}

export interface ScoredItem__Output {
  'productId': (string);
  'score': (number);
}
