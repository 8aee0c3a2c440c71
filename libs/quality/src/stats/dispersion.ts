/**
 * Index of dispersion D = variance / mean of a count, learned over blocks of a chosen length, for a
 * quasi-Poisson test (divide the Poisson log-likelihood ratio by max(1, D)). Plain data, snapshot-able.
 */
export interface DispersionState {
  dispersion: number;
  /** Blocks learned so far: the estimate is trusted after a few. */
  dispersionBlocks: number;
  /** The block being counted (events, length, progress) and the rate and length of the one before. */
  block: DispersionBlock;
}

export interface DispersionBlock {
  count: number;
  seconds: number;
  length: number;
  previousRate: number;
  /** 0 before the first full block. */
  previousLength: number;
}

/** A χ²₁ sample's 99.7 % point, in units of D. */
const CLIP = 9;

export function newDispersion(): DispersionState {
  return { dispersion: 1, dispersionBlocks: 0, block: newBlock(1) };
}

export function newBlock(length: number, previousRate = 0, previousLength = 0): DispersionBlock {
  return { count: 0, seconds: 0, length, previousRate, previousLength };
}

/**
 * Adds one second's count. A full block updates D from its difference with the block before (von
 * Neumann): a slowly moving mean (a daily cycle, a young baseline) cancels out, so only burstiness at
 * the block's timescale is learned. Each sample is clipped at 9 D: the ramp of a traffic spike or the
 * first block of an outage would otherwise teach a D dozens of times too large and blind the test for
 * hours. `horizonSeconds` is the memory; `nextLength()` picks the next block's length.
 */
export function addSecond(state: DispersionState, n: number, horizonSeconds: number, nextLength: () => number): void {
  const block = state.block;
  block.count += n;
  block.seconds += 1;
  if (block.seconds < block.length) return;
  const rate = block.count / block.length;
  const mean = (block.count + block.previousRate * block.previousLength) / (block.length + block.previousLength);
  if (block.previousLength > 0 && mean > 0) {
    // E[(r_k − r_{k−1})²] = D·μ·(1/L_k + 1/L_{k−1}) for counts with variance D·μ·L.
    const raw = (rate - block.previousRate) ** 2 / (mean * (1 / block.length + 1 / block.previousLength));
    const sample = Math.min(raw, CLIP * Math.max(1, state.dispersion));
    state.dispersionBlocks += 1;
    const weight = 1 / Math.min(state.dispersionBlocks, Math.max(1, Math.floor(horizonSeconds / block.length)));
    state.dispersion += (sample - state.dispersion) * weight;
  }
  state.block = newBlock(nextLength(), rate, block.length);
}
