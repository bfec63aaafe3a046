/**
 * Feature pipelines for clustering encodings: an optional scaling ({@linkcode Normalizer} or
 * {@linkcode StandardScaler}) followed by an optional {@linkcode PCA}, fitted on one set and applied to others.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { PCA } from "../decomposition/mod.ts";
import { Normalizer } from "./normalizer.ts";
import { StandardScaler } from "./standard_scaler.ts";

/** How features are scaled before clustering. */
export type Scaling = "none" | "l2" | "standardize";

/** A feature pipeline: scaling, then an optional PCA. */
export interface FeatureSpec {
  /** The scaling step. */
  scaling: Scaling;
  /** PCA components kept after scaling; no PCA when undefined. */
  pcaComponents?: number;
}

/** A fitted feature pipeline. */
export interface FittedFeatures {
  /** What was fitted. */
  spec: FeatureSpec;
  /** Output width. */
  width: number;
  /** Applies the fitted pipeline to rows of the input width, `[n, inputWidth]` row-major. */
  apply(rows: Float32Array): Float32Array;
}

/**
 * A short name of a feature spec, e.g. `l2+pca10`.
 *
 * @example
 * ```ts
 * import { featureName } from "./features.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(featureName({ scaling: "l2", pcaComponents: 10 }), "l2+pca10");
 * ```
 *
 * @param spec The spec.
 * @returns Its name.
 */
export function featureName(spec: FeatureSpec): string {
  return spec.scaling + (spec.pcaComponents ? `+pca${spec.pcaComponents}` : "");
}

/**
 * Fits a feature pipeline on `fit` rows.
 *
 * @example
 * ```ts
 * import { fitFeatures } from "./features.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const f = fitFeatures({ scaling: "l2" }, Float32Array.of(3, 4, 6, 8), 2);
 * assertEquals(Array.from(f.apply(Float32Array.of(0, 2))), [0, 1]);
 * ```
 *
 * @param spec The pipeline.
 * @param fit Rows to fit on, `[n, width]` row-major.
 * @param width Input width.
 * @returns The fitted pipeline.
 */
export function fitFeatures(spec: FeatureSpec, fit: Float32Array, width: number): FittedFeatures {
  const scaler = spec.scaling === "l2"
    ? new Normalizer()
    : spec.scaling === "standardize"
    ? new StandardScaler()
    : undefined;
  const withTensor = <T>(rows: Float32Array, w: number, f: (x: tf.Tensor2D) => T): T => {
    const x = tf.tensor2d(rows, [rows.length / w, w]);
    try {
      return f(x);
    } finally {
      x.dispose();
    }
  };
  const scale = (rows: Float32Array) => scaler ? withTensor(rows, width, (x) => scaler.transform(x)) : rows;
  if (scaler) withTensor(fit, width, (x) => scaler.fit(x));
  let pca: PCA | undefined;
  if (spec.pcaComponents) {
    const scaled = scale(fit);
    pca = withTensor(scaled, width, (x) => new PCA({ nComponents: spec.pcaComponents }).fit(x));
  }
  return {
    spec,
    width: spec.pcaComponents ?? width,
    apply: (rows) => {
      const scaled = scale(rows);
      return pca ? withTensor(scaled, width, (x) => pca.transform(x)) : scaled;
    },
  };
}
