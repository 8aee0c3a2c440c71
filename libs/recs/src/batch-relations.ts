import type { ProductIndex } from './product-index';
import type { BatchModel, ScoredItem } from './types';

interface ProductRelations {
  to: Int32Array;
  scores: Float64Array;
}

/** The batch aggregator's model, interned into product indexes so blending costs no string work. */
export class BatchRelations {
  private constructor(
    readonly version: string,
    private readonly byProduct: Map<number, ProductRelations>,
    readonly popular: { product: number; score: number }[],
    readonly relationCount: number,
  ) {}

  /** Validates and interns a published batch model; errors name the offending entry. */
  static from(model: BatchModel, products: ProductIndex): BatchRelations {
    if (!model || typeof model.version !== 'string' || model.version === '')
      throw new TypeError('batch model needs a non-empty string version');
    if (typeof model.relations !== 'object' || model.relations === null)
      throw new TypeError(`batch model ${model.version}: relations must be an object of productId -> [{productId, score}]`);
    if (!Array.isArray(model.popular)) throw new TypeError(`batch model ${model.version}: popular must be an array of {productId, score}`);
    const byProduct = new Map<number, ProductRelations>();
    let relationCount = 0;
    for (const [productId, items] of Object.entries(model.relations)) {
      const valid = checkItems(items, `${model.version} relations[${productId}]`);
      const from = products.intern(productId);
      const to = new Int32Array(valid.length);
      const scores = new Float64Array(valid.length);
      valid.forEach((item, i) => {
        to[i] = products.intern(item.productId);
        scores[i] = item.score;
      });
      byProduct.set(from, { to, scores });
      relationCount += valid.length;
    }
    const popular = checkItems(model.popular, `${model.version} popular`).map((item) => ({
      product: products.intern(item.productId),
      score: item.score,
    }));
    return new BatchRelations(model.version, byProduct, popular, relationCount);
  }

  has(product: number): boolean {
    return this.byProduct.has(product);
  }

  forEach(product: number, visit: (to: number, score: number) => void): void {
    const relations = this.byProduct.get(product);
    if (!relations) return;
    for (let i = 0; i < relations.to.length; i++) visit(relations.to[i]!, relations.scores[i]!);
  }

  toBatchModel(products: ProductIndex): BatchModel {
    const relations: Record<string, ScoredItem[]> = {};
    for (const [from, { to, scores }] of this.byProduct) {
      relations[products.idOf(from)] = Array.from(to, (product, i) => ({ productId: products.idOf(product), score: scores[i]! }));
    }
    return {
      version: this.version,
      relations,
      popular: this.popular.map(({ product, score }) => ({ productId: products.idOf(product), score })),
    };
  }
}

function checkItems(items: unknown, where: string): ScoredItem[] {
  if (!Array.isArray(items)) throw new TypeError(`batch model ${where} must be an array of {productId, score}`);
  items.forEach((item: ScoredItem, i) => {
    if (!item || typeof item.productId !== 'string' || item.productId === '' || !Number.isFinite(item.score) || item.score < 0) {
      throw new TypeError(
        `batch model ${where}[${i}] must be {productId: non-empty string, score: finite number >= 0}, got ${JSON.stringify(item)}`,
      );
    }
  });
  return items as ScoredItem[];
}
