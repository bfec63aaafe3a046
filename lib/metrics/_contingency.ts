/**
 * Label encoding (`np.unique(labels, return_inverse=True)`) and contingency counting for validated labels.
 *
 * @module
 */
import type { ContingencyMatrix } from "./contingency_matrix.ts";

/** Distinct labels in ascending order, the index of each sample's label in them, and their counts. */
export interface EncodedLabels {
  /** The distinct labels, ascending (`np.unique`). */
  uniques: number[];
  /** For each sample, the index of its label in `uniques`, shape `[nSamples]`. */
  codes: Int32Array;
  /** How many samples carry each distinct label, shape `[uniques.length]`. */
  counts: Int32Array;
}

/**
 * Maps integer labels to `0 … k-1` in ascending label order. Labels must already be validated as safe
 * integers. Uses a dense lookup table when the label range is small (the usual `0 … k-1` case) and a
 * `Map` otherwise, so arbitrary ids such as `-1`, `7`, `1e12` work.
 *
 * @param labels Validated integer labels, shape `[nSamples]`.
 * @returns The encoding.
 */
export function encodeLabels(labels: ArrayLike<number>): EncodedLabels {
  const n = labels.length;
  const codes = new Int32Array(n);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = labels[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { uniques: [], codes, counts: new Int32Array(0) };
  const range = max - min + 1;
  if (range <= Math.max(1 << 16, 4 * n)) {
    const slot = new Int32Array(range); // label - min -> code + 1 (0: absent)
    for (let i = 0; i < n; i++) slot[labels[i] - min] = 1;
    const uniques: number[] = [];
    for (let r = 0; r < range; r++) {
      if (slot[r] !== 0) {
        uniques.push(r + min);
        slot[r] = uniques.length;
      }
    }
    const counts = new Int32Array(uniques.length);
    for (let i = 0; i < n; i++) {
      const c = slot[labels[i] - min] - 1;
      codes[i] = c;
      counts[c]++;
    }
    return { uniques, codes, counts };
  }
  const index = new Map<number, number>();
  for (let i = 0; i < n; i++) index.set(labels[i], 0);
  // Map keys use SameValueZero, so -0 and 0 are one label, as in NumPy.
  const uniques = [...index.keys()].sort((a, b) => a - b);
  uniques.forEach((u, k) => index.set(u, k));
  const counts = new Int32Array(uniques.length);
  for (let i = 0; i < n; i++) {
    const c = index.get(labels[i])!;
    codes[i] = c;
    counts[c]++;
  }
  return { uniques, codes, counts };
}

/**
 * Builds the table from labelings that are already validated (internal entry point of every metric).
 *
 * @param labelsTrue Validated class labels, shape `[nSamples]`.
 * @param labelsPred Validated cluster labels, shape `[nSamples]`.
 * @returns The contingency table.
 */
export function buildContingency(
  labelsTrue: ArrayLike<number>,
  labelsPred: ArrayLike<number>,
): ContingencyMatrix {
  const t = encodeLabels(labelsTrue);
  const p = encodeLabels(labelsPred);
  const nClusters = p.uniques.length;
  const counts = new Int32Array(t.uniques.length * nClusters);
  const n = t.codes.length;
  for (let s = 0; s < n; s++) counts[t.codes[s] * nClusters + p.codes[s]]++;
  return {
    classes: t.uniques,
    clusters: p.uniques,
    counts,
    classSizes: t.counts,
    clusterSizes: p.counts,
    nSamples: n,
  };
}
