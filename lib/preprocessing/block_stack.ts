/**
 * A stack of feature blocks (for example an autoencoder's codes, HOG descriptors and pixels) made into one
 * row per sample: each block is reduced by its own {@linkcode PCA} and scaled so that its rows have unit
 * root-mean-square norm on the fitted rows, then the blocks are concatenated. The scaling gives every block
 * the same weight in Euclidean distances whatever its units or width, so no block's neighbours drown the
 * others'.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { PCA } from "../decomposition/mod.ts";
import { checkOption } from "../validation/mod.ts";

/** Options of {@linkcode BlockStack}. */
export interface BlockStackOptions {
  /**
   * PCA components kept per block (a block narrower than this keeps all its columns, still rotated by PCA).
   *
   * @default {50}
   */
  nComponents?: number;
}

interface FittedBlock {
  pca: PCA;
  inputWidth: number;
  width: number;
  scale: number;
}

/**
 * Per-block PCA, unit-RMS scaling and concatenation, fitted on one set of rows and applied to others.
 *
 * @example
 * ```ts
 * import { BlockStack } from "./block_stack.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertAlmostEquals, assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const a = Float32Array.from({ length: 40 }, (_, i) => (i * 7) % 11);
 * const b = Float32Array.from({ length: 60 }, (_, i) => 1000 * ((i * 5) % 13));
 * const stack = new BlockStack({ nComponents: 2 }).fit([{ rows: a, width: 4 }, { rows: b, width: 6 }]);
 * const x = stack.transform([a, b]);
 * assertEquals([stack.width, x.length], [4, 40]);
 * // Both blocks end with unit mean squared norm on the fitted rows, whatever their scale.
 * let first = 0;
 * for (let i = 0; i < 10; i++) first += x[i * 4] ** 2 + x[i * 4 + 1] ** 2;
 * assertAlmostEquals(first / 10, 1, 1e-5);
 * ```
 */
export class BlockStack {
  /** PCA components kept per block. */
  readonly nComponents: number;
  #blocks?: FittedBlock[];

  /**
   * Stores the options; they are checked by {@linkcode BlockStack.fit}.
   *
   * @param options Components per block.
   */
  constructor({ nComponents = 50 }: BlockStackOptions = {}) {
    this.nComponents = nComponents;
  }

  /** Output width: the sum of the blocks' kept components. */
  get width(): number {
    return this.#fitted().reduce((sum, b) => sum + b.width, 0);
  }

  /** Each block's kept components, in order. */
  get blockWidths(): number[] {
    return this.#fitted().map((b) => b.width);
  }

  /** Each block's scale factor (the inverse of its projected rows' RMS norm on the fitted rows). */
  get scales(): number[] {
    return this.#fitted().map((b) => b.scale);
  }

  /**
   * Fits every block's PCA and scale on its rows (all blocks must hold the same samples, in the same order).
   *
   * @param blocks The blocks: rows `[n, width]` row-major and the width.
   * @returns This stack, fitted.
   * @throws {RangeError} When there is no block, `nComponents` is not an integer >= 1, a block's rows are not a
   *   whole number of rows of its width, or the blocks hold different numbers of samples.
   */
  fit(blocks: { rows: Float32Array; width: number }[]): this {
    const owner = "fit BlockStack";
    checkOption(owner, "nComponents", this.nComponents, { integer: true, min: 1 });
    if (blocks.length === 0) throw new RangeError(`Cannot ${owner}: blocks must hold at least one block`);
    const n = countRows(owner, blocks);
    if (n < 2) {
      throw new RangeError(`Cannot ${owner}: blocks must hold at least 2 rows, current value is ${n}`);
    }
    this.#blocks = blocks.map(({ rows, width }) => {
      const x = tf.tensor2d(rows, [n, width]);
      try {
        const pca = new PCA({ nComponents: Math.min(this.nComponents, width, n) }).fit(x);
        const projected = pca.transform(x);
        let sum = 0;
        for (const v of projected) sum += v * v;
        const rms = Math.sqrt(sum / n);
        return { pca, inputWidth: width, width: projected.length / n, scale: rms > 0 ? 1 / rms : 1 };
      } finally {
        x.dispose();
      }
    });
    return this;
  }

  /**
   * Projects, scales and concatenates new rows of the same blocks.
   *
   * @param blocks Each block's rows `[n, width]`, in the fitted order and widths.
   * @returns `[n, width]` row-major.
   * @throws {Error} When called before `fit`.
   * @throws {RangeError} When the number of blocks or a block's width differs from the fit.
   */
  transform(blocks: Float32Array[]): Float32Array {
    const fitted = this.#fitted();
    const owner = "transform with BlockStack";
    if (blocks.length !== fitted.length) {
      throw new RangeError(
        `Cannot ${owner}: blocks must hold ${fitted.length} blocks, as fitted, current value is ${blocks.length}`,
      );
    }
    const n = countRows(owner, blocks.map((rows, i) => ({ rows, width: fitted[i].inputWidth })));
    const width = this.width;
    const out = new Float32Array(n * width);
    let offset = 0;
    blocks.forEach((rows, i) => {
      const { pca, inputWidth, width: w, scale } = fitted[i];
      const x = tf.tensor2d(rows, [n, inputWidth]);
      let projected: Float32Array | Float64Array;
      try {
        projected = pca.transform(x);
      } finally {
        x.dispose();
      }
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < w; j++) out[r * width + offset + j] = projected[r * w + j] * scale;
      }
      offset += w;
    });
    return out;
  }

  #fitted(): FittedBlock[] {
    if (this.#blocks === undefined) {
      throw new Error("Cannot use BlockStack before fit: call fit(blocks) first");
    }
    return this.#blocks;
  }
}

function countRows(owner: string, blocks: { rows: Float32Array; width: number }[]): number {
  let n: number | undefined;
  blocks.forEach(({ rows, width }, i) => {
    const rowsOfBlock = rows.length / width;
    if (!Number.isInteger(width) || width < 1 || !Number.isInteger(rowsOfBlock)) {
      throw new RangeError(
        `Cannot ${owner}: block ${i} must hold whole rows of an integer width >= 1, current length ${rows.length} and width ${width}`,
      );
    }
    if (n !== undefined && rowsOfBlock !== n) {
      throw new RangeError(
        `Cannot ${owner}: every block must hold the same rows; block ${i} holds ${rowsOfBlock}, block 0 ${n}`,
      );
    }
    n = rowsOfBlock;
  });
  return n!;
}
