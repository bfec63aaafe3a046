/**
 * The pipelines end to end: data → the stages the asked methods need (each cached under a key derived from
 * its declaration, see `graph.ts`) → each method's rows per seed → metrics over seeds → `results.json` and
 * the artifacts the report's figures are drawn from.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { loadFashionMnist } from "../data/mod.ts";
import { writeFileAtomic } from "../io/mod.ts";
import { accuracy, ami, ari, nmi } from "../metrics/mod.ts";
import { join } from "../std.ts";
import { type StageArtifact, StageCache } from "./cache.ts";
import { codeVersion } from "./code_version.ts";
import type { ReproduceConfig } from "./config.ts";
import { prepareRunData, type RunData, type SeedSplit, splitForSeed } from "./data.ts";
import { type AnyStage, type Stage, stageClosure, type StageContext, stageKey } from "./graph.ts";
import { collectVersions, PeakMemory } from "./manifest.ts";
import { type AnyMethod, checkMethodRow, type MethodRow } from "./method.ts";
import { trainingNotes } from "./notes.ts";
import type { OnProgress } from "./progress.ts";
import {
  type AutoencoderArtifacts,
  type MethodResult,
  METRIC_NAMES,
  type MetricName,
  type ReportArtifacts,
  type Results,
  type StageTiming,
  summarize,
} from "./results.ts";
import {
  criticalPath,
  planTasks,
  PREDICTED_JOBS,
  predictedWallSeconds,
  type SchedulePrediction,
  type ScheduleRecord,
  type StageTask,
} from "./schedule.ts";

/** The figures' data a run draws from one stage's output (the report's autoencoder figures). */
export interface ReportFigures<Out = unknown> {
  /** The stage they are drawn from; drawn when the run's methods need it. */
  stage: Stage<Out>;
  /** The figures' data of one seed. */
  extract(output: Out, data: RunData, config: ReproduceConfig): AutoencoderArtifacts;
}

/** Figures of any stage's output. */
// deno-lint-ignore no-explicit-any
export type AnyReportFigures = ReportFigures<any>;

/** Options of {@linkcode reproduce}. */
export interface ReproduceOptions {
  /** The run's configuration. */
  config: ReproduceConfig;
  /** The methods to run (the registry, or a selection of it), in the order they are reported. */
  methods: readonly AnyMethod[];
  /** Seeds to run; metrics are reported as mean ± std over them. */
  seeds: number[];
  /** Where `results.json` and `artifacts.json` are written. */
  outDir: string;
  /** Root of the stage cache. */
  cacheDir: string;
  /** The figures drawn beside the methods, when the methods need their stage (or `drawFigures`). */
  figures?: AnyReportFigures;
  /**
   * Draw the figures even when no method needs their stage (a notebook on the autoencoder alone).
   *
   * @default {false}
   */
  drawFigures?: boolean;
  /** Recompute stages even when cached. */
  force?: boolean;
  /** An explicit Fashion-MNIST folder. */
  dataDir?: string;
  /** Threads of the WASM backend (recorded in the manifest). */
  threads?: number;
  /** Progress callback. */
  onProgress?: OnProgress;
  /** Warnings of the stage cache (an entry recomputed instead of read); lib never prints. */
  onWarning?: (message: string) => void;
  /**
   * The run's start (ms since the epoch): temporary folders of interrupted stores older than it are
   * removed from the cache (see `StageCacheOptions.runStartedAt`); none when undefined.
   */
  runStartedAt?: number;
  /**
   * When the stages were computed beforehand by the scheduler's processes ({@linkcode runSchedule}): what
   * they did, recorded in the manifest, their wall time counted in the run's.
   */
  schedule?: ScheduleRecord;
}

/** Test-set scores of one method for one seed. */
export type Scores = Record<MetricName, number>;

/** Options of {@linkcode StageRunner}. */
export interface StageRunnerOptions {
  /** The run's data. */
  data: RunData;
  /** The run's configuration. */
  config: ReproduceConfig;
  /** The stage cache's root. */
  cacheDir: string;
  /** The data and code key every stage key chains from. */
  dataKey: unknown;
  /** Recompute each stage (`true`) or the stages of these ids once, even when cached. */
  force?: boolean | readonly string[];
  /** Progress callback. */
  onProgress?: OnProgress;
  /** Warnings of the stage cache (an entry recomputed instead of read). */
  onWarning?: (message: string) => void;
  /** The run's start: the cache removes interrupted stores' temporary folders older than it. */
  runStartedAt?: number;
}

/**
 * Computes stages of the graph for seeds, each at most once per run: a stage is read from the cache when
 * its key is there (its inputs are then not even read), and otherwise its inputs are obtained first and it
 * is computed and stored. Every stage obtained is recorded in {@linkcode StageRunner.timings}.
 */
export class StageRunner {
  /** Every stage obtained, in order. */
  readonly timings: StageTiming[] = [];
  #options: Required<Omit<StageRunnerOptions, "onWarning" | "runStartedAt">>;
  #cache: StageCache;
  #keys = new Map<string, Promise<string>>();
  #outputs = new Map<string, Promise<unknown>>();
  #splits = new Map<number, SeedSplit>();

  /**
   * A runner over one cache.
   *
   * @param options The data, configuration, cache and progress.
   */
  constructor(options: StageRunnerOptions) {
    this.#options = { force: false, onProgress: () => {}, ...options };
    this.#cache = new StageCache(options.cacheDir, {
      onWarning: options.onWarning,
      runStartedAt: options.runStartedAt,
    });
  }

  /** The seed's split (computed once). */
  split(seed: number): SeedSplit {
    let split = this.#splits.get(seed);
    if (split === undefined) {
      split = splitForSeed(this.#options.data, this.#options.config, seed);
      this.#splits.set(seed, split);
    }
    return split;
  }

  /**
   * The stage's cache key for the seed.
   *
   * @param stage The stage.
   * @param seed The seed.
   * @returns Its key.
   */
  key(stage: AnyStage, seed: number): Promise<string> {
    const name = this.#name(stage, seed);
    let key = this.#keys.get(name);
    if (key === undefined) {
      key = this.#inputKeys(stage, seed).then((inputKeys) =>
        stageKey(stage, this.#options.config, { seed, dataKey: this.#options.dataKey, inputKeys })
      );
      this.#keys.set(name, key);
    }
    return key;
  }

  /**
   * Whether the stage's entry for the seed is in the cache.
   *
   * @param stage The stage.
   * @param seed The seed.
   * @returns Whether it is cached.
   */
  async isCached(stage: AnyStage, seed: number): Promise<boolean> {
    return await this.#cache.has(stage.id, await this.key(stage, seed));
  }

  /**
   * The stage's output for the seed: from the cache, or computed (its inputs first) and stored.
   *
   * @param stage The stage.
   * @param seed The seed.
   * @returns Its output.
   */
  output<Out>(stage: Stage<Out>, seed: number): Promise<Out> {
    const name = this.#name(stage, seed);
    let output = this.#outputs.get(name) as Promise<Out> | undefined;
    if (output === undefined) {
      output = this.#obtain(stage, seed);
      this.#outputs.set(name, output);
    }
    return output;
  }

  /**
   * The stage's cache entry folder for the seed (for messages).
   *
   * @param stage The stage.
   * @param seed The seed.
   * @returns `ROOT/<stage>/<key>`.
   */
  async entryDir(stage: AnyStage, seed: number): Promise<string> {
    return join(this.#options.cacheDir, stage.id, await this.key(stage, seed));
  }

  /**
   * Forgets the seed's outputs and split (a stage shared by the seeds is kept), so a run over many seeds
   * holds one seed's arrays at a time.
   *
   * @param seed The seed.
   */
  release(seed: number): void {
    this.#splits.delete(seed);
    for (const name of this.#outputs.keys()) if (name.endsWith(`@${seed}`)) this.#outputs.delete(name);
  }

  #name(stage: AnyStage, seed: number): string {
    return `${stage.id}@${stage.scope === "run" ? "run" : seed}`;
  }

  async #inputKeys(stage: AnyStage, seed: number): Promise<Record<string, string>> {
    const keys: Record<string, string> = {};
    for (const [name, input] of Object.entries(stage.inputs as Record<string, AnyStage>)) {
      keys[name] = await this.key(input, seed);
    }
    return keys;
  }

  async #obtain<Out>(stage: Stage<Out>, seed: number): Promise<Out> {
    const { data, config, cacheDir, onProgress } = this.#options;
    const force = this.#options.force === true ||
      (Array.isArray(this.#options.force) && this.#options.force.includes(stage.id));
    const key = await this.key(stage, seed);
    const t0 = performance.now();
    const elapsed = () => (performance.now() - t0) / 1000;
    if (!force) {
      onProgress({ stage: stage.id, seed, elapsedSeconds: 0, message: "", phase: "start" });
      const found = await this.#cache.load(stage.id, key);
      if (found !== undefined) {
        const output = stage.read(found);
        this.#record(stage, seed, key, elapsed(), true, found.computeSeconds);
        return output;
      }
    }
    // Inputs before the clock starts, so that no stage's recorded time includes another's.
    const inputs: Record<string, unknown> = {};
    for (const [name, input] of Object.entries(stage.inputs as Record<string, AnyStage>)) {
      inputs[name] = await this.output(input, seed);
    }
    if (force) onProgress({ stage: stage.id, seed, elapsedSeconds: 0, message: "", phase: "start" });
    const started = performance.now();
    const context: StageContext = {
      data,
      config,
      seed,
      split: () => this.split(seed),
      key,
      inputKeys: await this.#inputKeys(stage, seed),
      cacheDir,
      force,
      report: (fraction, message) =>
        onProgress({
          stage: stage.id,
          seed,
          fraction,
          elapsedSeconds: (performance.now() - started) / 1000,
          message,
          phase: "update",
        }),
    };
    const artifact: StageArtifact<unknown> = await stage.compute(inputs, context);
    const computeSeconds = (performance.now() - started) / 1000;
    await this.#cache.store(stage.id, key, stage.settings(config), artifact, computeSeconds);
    const output = stage.read(artifact);
    this.#record(stage, seed, key, (performance.now() - started) / 1000, false, computeSeconds);
    return output;
  }

  #record(stage: AnyStage, seed: number, key: string, seconds: number, cached: boolean, compute?: number) {
    this.timings.push({
      stage: stage.id,
      seed,
      seconds,
      cached,
      key,
      ...(compute !== undefined ? { computeSeconds: compute } : {}),
    });
    this.#options.onProgress({
      stage: stage.id,
      seed,
      elapsedSeconds: seconds,
      message: "",
      phase: "done",
      cached,
    });
  }
}

/** The data and code key every stage key of a run chains from. */
export async function runDataKey(data: RunData): Promise<Record<string, unknown>> {
  const code = await codeVersion();
  return { sha256: data.sha256, nTrain: data.nTrain, nTest: data.nTest, code: code.sha256 };
}

/**
 * The stages of `methods` (and the figures' stage, if given), in dependency order.
 *
 * @param methods The methods.
 * @param figures Figures whose stage is needed too.
 * @returns The stages.
 */
export function methodStages(methods: readonly AnyMethod[], figures?: AnyReportFigures): AnyStage[] {
  return stageClosure([
    ...methods.flatMap((m) => Object.values(m.stages as Record<string, AnyStage>)),
    ...(figures ? [figures.stage] : []),
  ]);
}

/**
 * Runs the stages the methods need for every seed (reusing cached stages), makes each method's row per
 * seed, scores them on the data each is scored on and on the data it was fitted on, and writes
 * `results.json` and `artifacts.json` into `outDir` atomically.
 *
 * @param options What to run and where to write.
 * @returns The results written.
 */
export async function reproduce(options: ReproduceOptions): Promise<Results> {
  const { config, methods, seeds, outDir, cacheDir, force = false, onProgress = () => {} } = options;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const memory = new PeakMemory();
  const loaded = await loadFashionMnist({ dir: options.dataDir });
  const data = prepareRunData(loaded, config);
  const code = await codeVersion();
  const runner = new StageRunner({
    data,
    config,
    cacheDir,
    dataKey: await runDataKey(data),
    force,
    onProgress,
    onWarning: options.onWarning,
    runStartedAt: options.runStartedAt,
  });
  const needed = methodStages(methods);
  const figures = options.figures && (options.drawFigures || needed.includes(options.figures.stage))
    ? options.figures
    : undefined;
  const stages = methodStages(methods, figures);

  const rows = new Map<string, MethodRow[]>(methods.map((m) => [m.id, []]));
  const autoencoders: Record<string, AutoencoderArtifacts> = {};
  for (const seed of seeds) {
    for (const stage of stages) {
      await runner.output(stage, seed);
      memory.sample();
    }
    const context = { data, split: runner.split(seed), config };
    for (const method of methods) {
      const outputs: Record<string, unknown> = {};
      const sources: string[] = [];
      for (const [name, stage] of Object.entries(method.stages as Record<string, AnyStage>)) {
        outputs[name] = await runner.output(stage, seed);
        sources.push(`${stage.id} (${await runner.entryDir(stage, seed)})`);
      }
      const row = method.row(outputs, context);
      // Every method's predictions pass here before they are scored or written.
      checkMethodRow(row, {
        method: method.id,
        seed,
        nClusters: config.kmeans.nClusters,
        nTest: data.nTest,
        stages: sources,
      });
      rows.get(method.id)!.push(row);
    }
    if (figures) {
      autoencoders[String(seed)] = figures.extract(
        await runner.output(figures.stage, seed) as never,
        data,
        config,
      );
    }
    runner.release(seed);
  }

  const results: MethodResult[] = methods.map((method) => {
    const perSeed = rows.get(method.id)!;
    return {
      id: method.id,
      label: method.label(config),
      protocol: method.protocol,
      seeds,
      metrics: summarizeScores(perSeed.map((r) => score(r.scoreTruth, r.scorePred))),
      trainMetrics: summarizeScores(perSeed.map((r) => score(r.fitTruth, r.fitPred))),
      ...(method.reference ? { reference: method.reference } : {}),
      ...(method.published ? { published: [...method.published] } : {}),
      details: { perSeed: perSeed.map((r, i) => ({ seed: seeds[i], ...r.details })) },
    };
  });
  memory.stop();
  const prediction = predictSchedule(planTasks(stages, seeds), runner.timings, options.schedule);
  const output: Results = {
    methods: results,
    manifest: {
      config,
      seeds,
      methods: methods.map((m) => m.id),
      data: { source: data.source, sha256: data.sha256, nTrain: data.nTrain, nTest: data.nTest },
      versions: collectVersions(),
      code,
      backend: { name: tf.getBackend(), threads: options.threads ?? 1 },
      startedAt,
      wallSeconds: (performance.now() - started) / 1000 + (options.schedule?.wallSeconds ?? 0),
      ...(options.schedule ? { schedule: options.schedule } : {}),
      ...(prediction ? { prediction } : {}),
      stages: runner.timings,
      peakRssBytes: memory.peakBytes,
      notes: [
        ...methods.flatMap((method, i) => method.notes?.(results[i], results) ?? []),
        ...trainingNotes(
          Object.values(autoencoders).map((a) => ({
            epochs: a.history.length,
            bestEpoch: a.history.reduce((best, h) => (h.valLoss < best.valLoss ? h : best)).epoch,
          })),
        ),
      ],
    },
  };
  const artifacts: ReportArtifacts = {
    seeds,
    nTest: data.nTest,
    predictions: Object.fromEntries(
      seeds.map((seed, i) => [
        String(seed),
        Object.fromEntries(methods.map((m) => [m.id, Array.from(rows.get(m.id)![i].testPred)])),
      ]),
    ),
    ...(Object.keys(autoencoders).length > 0 ? { autoencoder: autoencoders } : {}),
  };
  await Deno.mkdir(outDir, { recursive: true });
  await writeFileAtomic(join(outDir, "artifacts.json"), JSON.stringify(artifacts));
  await writeFileAtomic(join(outDir, "results.json"), JSON.stringify(output, null, 2) + "\n");
  return output;
}

/**
 * Computes one stage for one seed into the cache (its inputs read from the cache, or computed first): the
 * work of one of the scheduler's processes. Nothing else is written.
 *
 * @param options The configuration, the stage, the seed, the cache and the data.
 * @returns The stage's timings (its inputs' included).
 */
export async function computeStage(
  options:
    & Pick<
      ReproduceOptions,
      "config" | "cacheDir" | "force" | "dataDir" | "onProgress" | "onWarning" | "runStartedAt"
    >
    & {
      stage: AnyStage;
      seed: number;
    },
): Promise<StageTiming[]> {
  const { config, cacheDir, force = false, onProgress, stage, seed } = options;
  const data = prepareRunData(await loadFashionMnist({ dir: options.dataDir }), config);
  const runner = new StageRunner({
    data,
    config,
    cacheDir,
    dataKey: await runDataKey(data),
    // Its inputs were computed (or recomputed) by the processes before it.
    force: force ? [stage.id] : false,
    onProgress,
    onWarning: options.onWarning,
    runStartedAt: options.runStartedAt,
  });
  await runner.output(stage, seed);
  return runner.timings;
}

/**
 * Replays the scheduler on the stages' recorded compute times (a cached stage's from when it was
 * computed); `undefined` when a stage's compute time is unknown.
 */
function predictSchedule(
  tasks: readonly StageTask[],
  timings: readonly StageTiming[],
  schedule: ScheduleRecord | undefined,
): SchedulePrediction | undefined {
  const compute = new Map(timings.map((t) => [`${t.stage}@${t.seed}`, t.computeSeconds]));
  if (tasks.some((t) => compute.get(t.name) === undefined)) return undefined;
  const seconds = (task: StageTask) => compute.get(task.name)!;
  const processes = schedule?.tasks ?? [];
  const overheadSeconds = processes.length === 0
    ? 0
    : processes.reduce((sum, p) => sum + Math.max(0, p.end - p.start - (compute.get(p.name) ?? 0)), 0) /
      processes.length;
  return {
    overheadSeconds,
    criticalPath: criticalPath(tasks, seconds),
    wallSeconds: PREDICTED_JOBS.map((jobs) => ({
      jobs,
      seconds: predictedWallSeconds(tasks, (t) => seconds(t) + overheadSeconds, jobs),
    })),
  };
}

/** AMI, NMI, ARI and ACC of a labelling. */
export function score(truth: ArrayLike<number>, pred: ArrayLike<number>): Scores {
  return { ami: ami(truth, pred), nmi: nmi(truth, pred), ari: ari(truth, pred), acc: accuracy(truth, pred) };
}

function summarizeScores(perSeed: Scores[]): MethodResult["metrics"] {
  return Object.fromEntries(
    METRIC_NAMES.map((name) => [name, summarize(perSeed.map((s) => s[name]))]),
  ) as MethodResult["metrics"];
}
