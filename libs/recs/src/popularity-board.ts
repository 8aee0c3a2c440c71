/**
 * The top-N products by a score that only grows (forward-decayed counts: decay is applied by rescaling all
 * products at once, which keeps their order). Because scores only grow, keeping the board up to date on each
 * increment is exact. The weakest member's score is cached as a lower bound (members only grow), so most
 * events cost one array read and one comparison; the O(N) search for the weakest runs only when a product
 * beats that bound.
 */
export class PopularityBoard {
  private readonly members = new Set<number>();
  /** members as a flag per product: the per-event check is an array read, not a Set lookup. */
  private isMember = new Uint8Array(1024);
  private weakest = -1;
  private weakestScore = 0;
  /** The weakest member has grown (or members changed) since weakestScore was taken: it is only a lower bound. */
  private stale = true;

  constructor(
    readonly capacity: number,
    private readonly scoreOf: (product: number) => number,
  ) {}

  get size(): number {
    return this.members.size;
  }

  /** Tells the board that product's score has grown. */
  touch(product: number): void {
    if (product < this.isMember.length && this.isMember[product] === 1) {
      if (product === this.weakest) this.stale = true;
      return;
    }
    if (this.members.size < this.capacity) {
      this.add(product);
      this.stale = true;
      return;
    }
    const score = this.scoreOf(product);
    if (score <= this.weakestScore) return;
    if (this.stale) {
      this.findWeakest();
      if (score <= this.weakestScore) return;
    }
    this.members.delete(this.weakest);
    this.isMember[this.weakest] = 0;
    this.add(product);
    this.findWeakest();
  }

  /** Every score was multiplied by factor (decay rescale): the cached bound follows. */
  rescale(factor: number): void {
    this.weakestScore *= factor;
  }

  /** The weakest member's exact score: every non-member scores at most this (the board is exact while scores only grow). */
  floor(): number {
    if (this.stale) this.findWeakest();
    return this.members.size < this.capacity ? 0 : this.weakestScore;
  }

  /**
   * Some scores went down (a retraction), breaking "scores only grow". `floor` is floor() taken before they did.
   * If a shrunk member fell to zero or below that floor a non-member may now outrank it, so the board is rebuilt
   * from every product's score (O(products), once per retraction); otherwise it only refreshes its weakest.
   */
  shrunk(products: Iterable<number>, floor: number, productCount: number): void {
    let rebuild = false;
    for (const product of products) {
      if (product >= this.isMember.length || this.isMember[product] !== 1) continue;
      const score = this.scoreOf(product);
      if (score <= 0 || score < floor) rebuild = true;
    }
    if (rebuild) this.rebuild(productCount);
    else this.findWeakest();
  }

  /** Members, strongest first. */
  ranked(): number[] {
    return [...this.members].sort((a, b) => this.scoreOf(b) - this.scoreOf(a));
  }

  private rebuild(productCount: number): void {
    for (const product of this.members) this.isMember[product] = 0;
    this.members.clear();
    const scored: number[] = [];
    for (let product = 0; product < productCount; product++) if (this.scoreOf(product) > 0) scored.push(product);
    scored.sort((a, b) => this.scoreOf(b) - this.scoreOf(a));
    for (const product of scored.slice(0, this.capacity)) this.add(product);
    this.findWeakest();
  }

  private add(product: number): void {
    if (product >= this.isMember.length) {
      let length = this.isMember.length;
      while (length <= product) length *= 2;
      const bigger = new Uint8Array(length);
      bigger.set(this.isMember);
      this.isMember = bigger;
    }
    this.members.add(product);
    this.isMember[product] = 1;
  }

  private findWeakest(): void {
    let weakest = -1;
    let weakestScore = Infinity;
    for (const product of this.members) {
      const score = this.scoreOf(product);
      if (score < weakestScore) {
        weakestScore = score;
        weakest = product;
      }
    }
    this.weakest = weakest;
    this.weakestScore = weakestScore;
    this.stale = false;
  }
}
