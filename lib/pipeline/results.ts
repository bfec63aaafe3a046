/**
 * The `report/results.json` schema: one entry per method with test-set metrics over seeds, the report's
 * reference value, and the run's manifest. {@linkcode validateResults} checks a parsed file against it.
 *
 * @module
 */
import type { CodeVersion } from "./code_version.ts";
import type { ReproduceConfig } from "./config.ts";
import type { Versions } from "./manifest.ts";
import type { SchedulePrediction, ScheduleRecord } from "./schedule.ts";

/** The metric names every method reports. */
export const METRIC_NAMES = ["ami", "nmi", "ari", "acc"] as const;
/** One of {@linkcode METRIC_NAMES}. */
export type MetricName = typeof METRIC_NAMES[number];

/** A metric over seeds. */
export interface MetricSummary {
  /** Mean over seeds. */
  mean: number;
  /** Sample standard deviation over seeds (0 for one seed). */
  std: number;
  /** One value per seed, in the order of `seeds`. */
  values: number[];
}

/** The report's published number for a method. */
export interface Reference {
  /** The published AMI. */
  ami: number;
  /** Where it was published. */
  source: string;
}

/** A published number from outside the report (e.g. N2D's), to compare a beyond-report method with. */
export interface PublishedResult {
  /** The method's short name, e.g. `N2D`. */
  name?: string;
  /** How many runs the number summarises, as its source gives it, e.g. `10 (mean)`. */
  runs?: string;
  /** What it was computed on, as its source gives it, e.g. `GPU`. */
  compute?: string;
  /** Published ACC, when given. */
  acc?: number;
  /** Published NMI, when given. */
  nmi?: number;
  /** Published AMI, when given. */
  ami?: number;
  /** The protocol the number was measured under. */
  protocol: "inductive" | "transductive";
  /** Where it was published. */
  source: string;
}

/** One method's results. */
export interface MethodResult {
  /** Stable id, e.g. `kmeans-raw`, `ae-kmeans`, `ae-gmm`. */
  id: string;
  /** Human-readable name. */
  label: string;
  /** `inductive`: fit on training images, scored on the test set; `transductive`: fit and scored on all. */
  protocol: "inductive" | "transductive";
  /** The seeds run. */
  seeds: number[];
  /** Test-set metrics. */
  metrics: Record<MetricName, MetricSummary>;
  /** Training-set metrics (the data the method was fitted on). */
  trainMetrics?: Record<MetricName, MetricSummary>;
  /** The report's number, when it published one. */
  reference?: Reference;
  /** Published numbers of the same method from other work (beyond the report). */
  published?: PublishedResult[];
  /** Method-specific facts (chosen hyper-parameters and why, timings, sizes). */
  details?: Record<string, unknown>;
}

/** The whole results file. */
export interface Results {
  /** One entry per method. */
  methods: MethodResult[];
  /** What produced them: config, seeds, data checksums, versions, timings. */
  manifest: Manifest;
}

/** Records a stage's wall time in the manifest. */
export interface StageTiming {
  /** The stage's id. */
  stage: string;
  /** The seed it ran for (the first seed that needed it, for a stage shared by the seeds). */
  seed: number;
  /** Wall seconds in this run (loading time for a cached stage). */
  seconds: number;
  /** Whether it was read from the cache. */
  cached: boolean;
  /** Its cache key. */
  key: string;
  /** Wall seconds the stage took when it was computed (this run or the one that cached it). */
  computeSeconds?: number;
}

/**
 * What produced a results file. Every field is optional so that files written by earlier versions still
 * read; `reproduce` writes them all (`schedule` only when stage processes ran, `prediction` when every
 * stage's compute time is known).
 */
export interface Manifest {
  /** The run's configuration. */
  config?: ReproduceConfig;
  /** The seeds. */
  seeds?: number[];
  /** The ids of the methods run, in order. */
  methods?: string[];
  /** The data: where it came from, its SHA-256 per file and the slice used. */
  data?: { source: string; sha256: Record<string, string>; nTrain: number; nTest: number };
  /** Versions of Deno, V8, TypeScript and the npm packages. */
  versions?: Versions;
  /** The computing code's version (part of every stage key). */
  code?: CodeVersion;
  /** The tensor backend and its threads. */
  backend?: { name: string; threads: number };
  /** When the run started (ISO 8601). */
  startedAt?: string;
  /** Wall seconds of the whole run. */
  wallSeconds?: number;
  /** What the stage processes did. */
  schedule?: ScheduleRecord;
  /** What the recorded stage times predict for other process counts. */
  prediction?: SchedulePrediction;
  /** Every stage obtained, in order. */
  stages?: StageTiming[];
  /** Peak resident memory in bytes. */
  peakRssBytes?: number;
  /** Sentences about the results, read from them. */
  notes?: string[];
}

/**
 * Mean, sample standard deviation and values of a list of numbers.
 *
 * @example
 * ```ts
 * import { summarize } from "./results.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(summarize([1, 2, 3]), { mean: 2, std: 1, values: [1, 2, 3] });
 * ```
 *
 * @param values One value per seed.
 * @returns The summary.
 * @throws {RangeError} When `values` is empty.
 */
export function summarize(values: number[]): MetricSummary {
  if (values.length === 0) throw new RangeError("Cannot summarize metric values: values must not be empty");
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1
    ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)
    : 0;
  return { mean, std: Math.sqrt(variance), values: [...values] };
}

/**
 * Checks that a parsed value follows the results schema; returns it typed.
 *
 * @example
 * ```ts
 * import { validateResults } from "./results.ts";
 * import { assertThrows } from "../std.ts";
 * assertThrows(
 *   () => validateResults({ methods: [{}], manifest: {} }),
 *   TypeError,
 *   "methods[0].id must be a non-empty string",
 * );
 * ```
 *
 * @param value The parsed JSON.
 * @returns The same value, typed.
 * @throws {TypeError} Naming the first path that breaks the schema and what it should be.
 */
export function validateResults(value: unknown): Results {
  const fail = (path: string, what: string): never => {
    throw new TypeError(`Invalid results: ${path} must be ${what}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  if (!isObject(value)) fail("the top level", "an object");
  const root = value as Record<string, unknown>;
  if (!Array.isArray(root.methods)) fail("methods", "an array");
  if (!isObject(root.manifest)) fail("manifest", "an object");
  const ids = new Set<string>();
  (root.methods as unknown[]).forEach((m, i) => {
    const at = `methods[${i}]`;
    if (!isObject(m)) fail(at, "an object");
    const method = m as Record<string, unknown>;
    if (typeof method.id !== "string" || method.id === "") fail(`${at}.id`, "a non-empty string");
    if (ids.has(method.id as string)) fail(`${at}.id`, `unique, "${method.id}" appears twice`);
    ids.add(method.id as string);
    if (typeof method.label !== "string") fail(`${at}.label`, "a string");
    if (method.protocol !== "inductive" && method.protocol !== "transductive") {
      fail(`${at}.protocol`, `"inductive" or "transductive"`);
    }
    const seeds = method.seeds;
    if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every(Number.isInteger)) {
      fail(`${at}.seeds`, "a non-empty array of integers");
    }
    for (const group of ["metrics", "trainMetrics"] as const) {
      if (group === "trainMetrics" && method[group] === undefined) continue;
      if (!isObject(method[group])) fail(`${at}.${group}`, "an object");
      const metrics = method[group] as Record<string, unknown>;
      for (const name of METRIC_NAMES) {
        const s = metrics[name];
        const path = `${at}.${group}.${name}`;
        if (!isObject(s)) fail(path, "an object {mean, std, values}");
        const summary = s as Record<string, unknown>;
        if (!isNumber(summary.mean)) fail(`${path}.mean`, "a finite number");
        if (!isNumber(summary.std) || (summary.std as number) < 0) {
          fail(`${path}.std`, "a finite number >= 0");
        }
        const values = summary.values;
        if (!Array.isArray(values) || !values.every(isNumber)) fail(`${path}.values`, "an array of numbers");
        if ((values as number[]).length !== (seeds as number[]).length) {
          fail(`${path}.values`, `one value per seed (${(seeds as number[]).length})`);
        }
      }
    }
    if (method.published !== undefined) {
      if (!Array.isArray(method.published)) fail(`${at}.published`, "an array");
      (method.published as unknown[]).forEach((p, j) => {
        const pub = p as Record<string, unknown>;
        const ok = isObject(p) && typeof pub.source === "string" &&
          (pub.protocol === "inductive" || pub.protocol === "transductive") &&
          ["acc", "nmi", "ami"].some((k) => isNumber(pub[k])) &&
          ["acc", "nmi", "ami"].every((k) => pub[k] === undefined || isNumber(pub[k]));
        if (!ok) {
          fail(`${at}.published[${j}]`, "an object {acc?, nmi?, ami?: number, protocol, source: string}");
        }
      });
    }
    if (method.reference !== undefined) {
      const ref = method.reference as Record<string, unknown>;
      if (!isObject(ref) || !isNumber(ref.ami) || typeof ref.source !== "string") {
        fail(`${at}.reference`, "an object {ami: number, source: string}");
      }
    }
  });
  return value as Results;
}

/** The artifacts the report draws its figures from (`artifacts.json`). */
export interface ReportArtifacts {
  /** Seeds, in order. */
  seeds: number[];
  /** Number of test images scored. */
  nTest: number;
  /** Per seed (as a string key): test predictions by method id. */
  predictions: Record<string, Record<string, number[]>>;
  /** Per seed (as a string key): what the report shows of the autoencoder. */
  autoencoder?: Record<string, AutoencoderArtifacts>;
}

/** The autoencoder's figures' data for one seed. */
export interface AutoencoderArtifacts {
  /** The architecture's name. */
  architecture: string;
  /** Shape of one encoding, e.g. `[343]`. */
  latentShape: number[];
  /** Per-epoch training and validation MSE. */
  history: { epoch: number; loss: number; valLoss: number; seconds: number }[];
  /** Original vs reconstructed test images (one per class). */
  reconstructions: { indices: number[]; images: number[] };
  /** 2-D PCA of the test encodings (fit on the training encodings), in test-set order. */
  embedding2d: { x: number[]; y: number[]; explainedVarianceRatio: number[] };
}
