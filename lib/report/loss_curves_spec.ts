/**
 * Training and validation loss curves of several seeds in one chart.
 *
 * @module
 */
import { type LossCurveOptions, lossCurveSpec, type TopLevelSpec } from "../plot/mod.ts";
import type { TrainingEpoch } from "./report_artifacts.ts";

/** One seed's training history. */
export interface SeedHistory {
  /** The seed. */
  seed: number;
  /** Its epochs. */
  history: TrainingEpoch[];
}

/**
 * Builds the loss chart of `lossCurveSpec` (color = split) for several seeds: each point carries its seed,
 * and with more than one seed the line dash tells the seeds apart.
 *
 * @example
 * ```ts
 * import { lossCurvesSpec } from "./loss_curves_spec.ts";
 * import { assertEquals } from "../std.ts";
 * const spec = lossCurvesSpec([
 *   { seed: 0, history: [{ epoch: 1, loss: 0.03, valLoss: 0.02 }] },
 *   { seed: 1, history: [{ epoch: 1, loss: 0.04 }] },
 * ]) as { data: { values: unknown[] }; encoding: Record<string, unknown> };
 * assertEquals(spec.data.values, [
 *   { epoch: 1, split: "train", loss: 0.03, seed: "seed 0" },
 *   { epoch: 1, split: "validation", loss: 0.02, seed: "seed 0" },
 *   { epoch: 1, split: "train", loss: 0.04, seed: "seed 1" },
 * ]);
 * assertEquals((spec.encoding.strokeDash as { field: string }).field, "seed");
 * ```
 *
 * @param histories One history per seed, at least one with an epoch.
 * @param options The options of `lossCurveSpec`.
 * @returns The Vega-Lite spec.
 * @throws {RangeError} When there is no epoch at all.
 */
export function lossCurvesSpec(histories: SeedHistory[], options: LossCurveOptions = {}): TopLevelSpec {
  const all = histories.flatMap((h) => h.history);
  if (all.length === 0) {
    throw new RangeError(
      "Cannot build loss curves spec: histories must hold at least 1 epoch, current count is 0",
    );
  }
  const spec = lossCurveSpec(all, options) as unknown as Record<string, unknown> & {
    encoding: Record<string, unknown>;
  };
  const values = histories.flatMap(({ seed, history }) =>
    history.length === 0 ? [] : (lossCurveSpec(history, options) as {
      data: { values: { epoch: number; split: string; loss: number }[] };
    }).data.values.map((p) => ({ ...p, seed: `seed ${seed}` }))
  );
  const encoding = { ...spec.encoding };
  if (histories.filter((h) => h.history.length > 0).length > 1) {
    encoding.strokeDash = { field: "seed", type: "nominal", title: "Seed" };
  }
  return { ...spec, data: { values }, encoding } as TopLevelSpec;
}
