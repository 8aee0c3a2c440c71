export interface EvalResult {
  k: number;
  /** Predictions made. */
  n: number;
  /** Share of predictions whose target is in the top k. */
  hr: number;
  /** Mean reciprocal rank of the target within the top k (0 when absent). */
  mrr: number;
  /** The same, counting only targets not already seen in the session (the "what else" view). */
  nUnseen: number;
  hrUnseen: number;
  mrrUnseen: number;
  /** Share of the training catalogue that appeared in any top-k list. */
  coverage: number;
}

/** Accumulates hit rate, MRR and coverage over predictions. */
export class MetricsAccumulator {
  private n = 0;
  private hits = 0;
  private reciprocalRanks = 0;
  private nUnseen = 0;
  private hitsUnseen = 0;
  private reciprocalRanksUnseen = 0;
  private readonly recommended = new Set<string>();

  constructor(
    readonly k: number,
    private readonly catalogueSize: number,
  ) {}

  /** A prediction over all items: the list as the recommender gave it. */
  record(list: readonly string[], target: string): void {
    const rank = this.rankOf(list, target);
    this.n++;
    this.hits += rank > 0 ? 1 : 0;
    this.reciprocalRanks += rank > 0 ? 1 / rank : 0;
  }

  /** A prediction of an item not yet in the session, from the list asked for without the session's items. */
  recordUnseen(list: readonly string[], target: string): void {
    const rank = this.rankOf(list, target);
    this.nUnseen++;
    this.hitsUnseen += rank > 0 ? 1 : 0;
    this.reciprocalRanksUnseen += rank > 0 ? 1 / rank : 0;
  }

  private rankOf(list: readonly string[], target: string): number {
    const top = list.slice(0, this.k);
    for (const item of top) this.recommended.add(item);
    return top.indexOf(target) + 1;
  }

  result(): EvalResult {
    const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
    return {
      k: this.k,
      n: this.n,
      hr: ratio(this.hits, this.n),
      mrr: ratio(this.reciprocalRanks, this.n),
      nUnseen: this.nUnseen,
      hrUnseen: ratio(this.hitsUnseen, this.nUnseen),
      mrrUnseen: ratio(this.reciprocalRanksUnseen, this.nUnseen),
      coverage: ratio(this.recommended.size, this.catalogueSize),
    };
  }
}
