/**
 * The report's view of `artifacts.json` (written by `reproduce`, type `ReportArtifacts`): test predictions
 * per seed and method, and the optional autoencoder artifacts (training history, reconstructions, a 2-D
 * view of the test encodings). {@linkcode parseReportArtifacts} checks a parsed file and normalises it.
 *
 * @module
 */
import { PIXELS } from "../data/mod.ts";

/** One epoch of the autoencoder's training. */
export interface TrainingEpoch {
  /** The epoch number (1-based). */
  epoch: number;
  /** Mean training loss (MSE). */
  loss: number;
  /** Validation loss after the epoch. */
  valLoss?: number;
  /** Wall time of the epoch in seconds. */
  seconds?: number;
}

/** Test images and their reconstructions. */
export interface ReconstructionArtifacts {
  /** Test-set indices of the images, shape `[nImages]`. */
  indices: number[];
  /** The reconstructions in [0, 1], `[nImages, 784]` flattened. */
  images: number[];
}

/** A 2-D view (PCA) of the test encodings, in test-set order. */
export interface Embedding2dArtifacts {
  /** First coordinate, shape `[nTest]`. */
  x: number[];
  /** Second coordinate, shape `[nTest]`. */
  y: number[];
  /** Variance ratio explained by each coordinate. */
  explainedVarianceRatio?: number[];
}

/** What the autoencoder stage of one seed left for the report; every part is optional. */
export interface AutoencoderArtifacts {
  /** A description of the architecture (a name, a list of layers, or an object). */
  architecture?: unknown;
  /** Shape of one encoding, e.g. `[7, 7, 7]`. */
  latentShape?: number[];
  /** Training history, one entry per epoch. */
  history?: TrainingEpoch[];
  /** Some test images and their reconstructions. */
  reconstructions?: ReconstructionArtifacts;
  /** The 2-D view of the test encodings. */
  embedding2d?: Embedding2dArtifacts;
}

/** `artifacts.json`, checked and normalised. */
export interface ReportInputArtifacts {
  /** Seeds, in order. */
  seeds: number[];
  /** Number of test images scored (the first `nTest` of the test set). */
  nTest: number;
  /** Per seed (as a string key): test predictions (`[nTest]` cluster ids) by method id. */
  predictions: Record<string, Record<string, number[]>>;
  /** Per seed (as a string key): the autoencoder artifacts; empty when the run had none. */
  autoencoder: Record<string, AutoencoderArtifacts>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x));
const isIntegerArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(Number.isInteger);

/**
 * Checks a parsed `artifacts.json` and normalises its optional `autoencoder` field, which may be keyed by
 * seed (`{"0": {...}}`), an array aligned with `seeds`, or one object (taken as the first seed's).
 *
 * @example
 * ```ts
 * import { parseReportArtifacts } from "./report_artifacts.ts";
 * import { assertEquals, assertThrows } from "../std.ts";
 * const parsed = parseReportArtifacts({ seeds: [0], nTest: 2, predictions: { "0": { km: [1, 0] } } });
 * assertEquals(parsed.autoencoder, {});
 * assertThrows(
 *   () => parseReportArtifacts({ seeds: [0], nTest: 2, predictions: { "0": { km: [1] } } }),
 *   TypeError,
 *   'predictions["0"]["km"] must be an array of nTest (2) integers',
 * );
 * ```
 *
 * @param value The parsed JSON.
 * @returns The artifacts, with `autoencoder` keyed by seed.
 * @throws {TypeError} Naming the first path that breaks the schema and what it should be.
 */
export function parseReportArtifacts(value: unknown): ReportInputArtifacts {
  const fail = (path: string, what: string): never => {
    throw new TypeError(`Invalid artifacts: ${path} must be ${what}`);
  };
  if (!isObject(value)) fail("the top level", "an object");
  const root = value as Record<string, unknown>;
  if (!isIntegerArray(root.seeds) || root.seeds.length === 0) fail("seeds", "a non-empty array of integers");
  const seeds = root.seeds as number[];
  const nTest = root.nTest;
  if (!Number.isInteger(nTest) || (nTest as number) < 1) fail("nTest", "an integer >= 1");
  if (!isObject(root.predictions)) fail("predictions", "an object keyed by seed");
  const predictions = root.predictions as Record<string, unknown>;
  for (const [seed, byMethod] of Object.entries(predictions)) {
    if (!isObject(byMethod)) fail(`predictions["${seed}"]`, "an object keyed by method id");
    for (const [id, pred] of Object.entries(byMethod as Record<string, unknown>)) {
      if (!isIntegerArray(pred) || pred.length !== nTest) {
        fail(`predictions["${seed}"]["${id}"]`, `an array of nTest (${nTest}) integers`);
      }
    }
  }
  const autoencoder: Record<string, AutoencoderArtifacts> = {};
  const raw = root.autoencoder;
  if (raw !== undefined && raw !== null) {
    let entries: [string, unknown][];
    if (Array.isArray(raw)) entries = raw.map((a, i) => [String(seeds[i] ?? i), a]);
    else if (isObject(raw) && ("history" in raw || "reconstructions" in raw || "embedding2d" in raw)) {
      entries = [[String(seeds[0]), raw]];
    } else if (isObject(raw)) entries = Object.entries(raw);
    else return fail("autoencoder", "an object keyed by seed");
    for (const [seed, entry] of entries) {
      autoencoder[seed] = checkAutoencoder(entry, `autoencoder["${seed}"]`, nTest as number, fail);
    }
  }
  return {
    seeds,
    nTest: nTest as number,
    predictions: predictions as Record<string, Record<string, number[]>>,
    autoencoder,
  };
}

function checkAutoencoder(
  entry: unknown,
  at: string,
  nTest: number,
  fail: (path: string, what: string) => never,
): AutoencoderArtifacts {
  if (!isObject(entry)) fail(at, "an object");
  const e = entry as Record<string, unknown>;
  const out: AutoencoderArtifacts = {};
  if (e.architecture !== undefined) out.architecture = e.architecture;
  if (e.latentShape !== undefined) {
    if (!isIntegerArray(e.latentShape)) fail(`${at}.latentShape`, "an array of integers");
    out.latentShape = e.latentShape as number[];
  }
  if (e.history !== undefined) {
    if (!Array.isArray(e.history)) fail(`${at}.history`, "an array of {epoch, loss, valLoss, seconds}");
    (e.history as unknown[]).forEach((h, i) => {
      const ok = isObject(h) && typeof h.epoch === "number" && typeof h.loss === "number" &&
        (h.valLoss === undefined || h.valLoss === null || typeof h.valLoss === "number") &&
        (h.seconds === undefined || h.seconds === null || typeof h.seconds === "number");
      if (!ok) fail(`${at}.history[${i}]`, "an object {epoch: number, loss: number, valLoss?, seconds?}");
    });
    out.history = (e.history as Record<string, unknown>[]).map((h) => ({
      epoch: h.epoch as number,
      loss: h.loss as number,
      ...(typeof h.valLoss === "number" ? { valLoss: h.valLoss } : {}),
      ...(typeof h.seconds === "number" ? { seconds: h.seconds } : {}),
    }));
  }
  if (e.reconstructions !== undefined) {
    const r = e.reconstructions;
    if (!isObject(r) || !isIntegerArray(r.indices) || !isNumberArray(r.images)) {
      fail(`${at}.reconstructions`, "an object {indices: integer[], images: number[]}");
    }
    const { indices, images } = r as { indices: number[]; images: number[] };
    if (images.length !== indices.length * PIXELS) {
      fail(`${at}.reconstructions.images`, `${PIXELS} values per index (${indices.length * PIXELS})`);
    }
    if (indices.length > 0) out.reconstructions = { indices, images };
  }
  if (e.embedding2d !== undefined) {
    const m = e.embedding2d;
    if (!isObject(m) || !isNumberArray(m.x) || !isNumberArray(m.y)) {
      fail(`${at}.embedding2d`, "an object {x: number[], y: number[], explainedVarianceRatio?: number[]}");
    }
    const { x, y, explainedVarianceRatio } = m as Record<string, unknown>;
    if ((x as number[]).length !== nTest || (y as number[]).length !== nTest) {
      fail(`${at}.embedding2d`, `one point per test image (x and y of length nTest = ${nTest})`);
    }
    if (explainedVarianceRatio !== undefined && !isNumberArray(explainedVarianceRatio)) {
      fail(`${at}.embedding2d.explainedVarianceRatio`, "an array of numbers");
    }
    out.embedding2d = {
      x: x as number[],
      y: y as number[],
      ...(explainedVarianceRatio ? { explainedVarianceRatio: explainedVarianceRatio as number[] } : {}),
    };
  }
  return out;
}
