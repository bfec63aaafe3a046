/**
 * Evidence sentences for the report's conclusion, computed from a run's results (never typed-in numbers):
 * how the report-faithful pipelines compare with the published AMIs, and what the validation-chosen
 * feature handling changes.
 *
 * @module
 */
import type { MethodResult } from "./results.ts";

/** Per-seed facts of the autoencoder needed by {@linkcode evidenceNotes}. */
export interface TrainingFacts {
  /** Epochs run. */
  epochs: number;
  /** Epoch with the lowest validation loss. */
  bestEpoch: number;
}

const f4 = (v: number) => v.toFixed(4);
const pm = (m: MethodResult) => `${f4(m.metrics.ami.mean)} ± ${f4(m.metrics.ami.std)}`;

function perSeed(m: MethodResult | undefined): Record<string, unknown>[] {
  const list = (m?.details as { perSeed?: Record<string, unknown>[] } | undefined)?.perSeed;
  return Array.isArray(list) ? list : [];
}

function versus(m: MethodResult): string {
  if (!m.reference) return "";
  const diff = m.metrics.ami.mean - m.reference.ami;
  return `${diff >= 0 ? "above" : "below"} the report's ${m.reference.ami} by ${f4(Math.abs(diff))}`;
}

/**
 * Sentences explaining where the report-faithful pipelines land and why the chosen variants differ.
 *
 * @example
 * ```ts
 * import { evidenceNotes } from "./notes.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(evidenceNotes([], []), []);
 * ```
 *
 * @param methods The run's methods.
 * @param training Autoencoder facts per seed, in seed order.
 * @returns Markdown sentences (possibly none).
 */
export function evidenceNotes(methods: MethodResult[], training: TrainingFacts[]): string[] {
  const byId = new Map(methods.map((m) => [m.id, m]));
  const notes: string[] = [];
  const km = byId.get("ae-kmeans");
  const kmRaw = byId.get("ae-kmeans-unscaled");
  if (km && kmRaw) {
    const chosen = perSeed(km).map((d) => String(d.selected));
    const vals = perSeed(km).map((d) => {
      const candidates = (d.candidates ?? []) as { name: string; validationAmi: number }[];
      const none = candidates.find((c) => c.name === "none");
      const best = candidates.find((c) => c.name === d.selected);
      return none && best ? `${f4(none.validationAmi)} → ${f4(best.validationAmi)}` : "?";
    });
    notes.push(
      `KMeans on the unscaled ${perSeed(kmRaw)[0]?.features ?? "?"}-d encodings ` +
        `(the report's protocol) reaches test AMI ${pm(kmRaw)}, ${
          versus(kmRaw)
        }. The scaling chosen on the ` +
        `validation split was ${chosen.join(", ")} (seeds ${
          km.seeds.join(", ")
        }; validation AMI unscaled → chosen: ` +
        `${vals.join("; ")}), which gives ${pm(km)}, ${
          versus(km)
        }. The encoder's ReLU codes grow with an image's ` +
        `brightness and area, so Euclidean KMeans on them partly clusters by magnitude; L2-normalised codes are ` +
        `compared by direction.`,
    );
  }
  const gmm = byId.get("ae-gmm");
  const gmmRaw = byId.get("ae-gmm-unscaled");
  if (gmm && gmmRaw) {
    const raw = perSeed(gmmRaw);
    const d = Number(raw[0]?.features ?? 0);
    const types = raw.map((r) => String(r.covarianceType));
    notes.push(
      `A Gaussian mixture on the unscaled encodings (covariance type by validation log-likelihood: ` +
        `${types.join(", ")}) reaches ${pm(gmmRaw)}, ${
          versus(gmmRaw)
        }; with ${d} features a full covariance has ` +
        `${
          (d * (d + 1) / 2).toLocaleString("en-US")
        } free parameters per component. The pipeline chosen on the validation split (${
          perSeed(gmm).map((p) => String(p.selected)).join(", ")
        }) fits the mixture in a 10–50-d PCA space of scaled codes and reaches ${pm(gmm)}, ${versus(gmm)}.`,
    );
  }
  if (training.length > 0) {
    const stillFalling = training.filter((t) => t.bestEpoch === t.epochs).length;
    notes.push(
      `The autoencoder's validation loss was lowest at its last epoch for ${stillFalling} of ${training.length} ` +
        `seeds (best epochs ${training.map((t) => t.bestEpoch).join(", ")} of ${
          training.map((t) => t.epochs).join(", ")
        }): more epochs would lower the reconstruction error further, as the report's conclusion suggests ` +
        `(tuning the autoencoder's epochs, nodes and learning rate).`,
    );
  }
  const umap = byId.get("ae-umap-gmm") ?? byId.get("ae-umap-gmm-transductive");
  const choices = perSeed(umap).map((d) => d.autoencoderChoice as AutoencoderChoice | undefined);
  if (umap && choices.length > 0 && choices.every((c) => c !== undefined)) {
    const perSeedText = choices.map((c, i) =>
      `seed ${umap.seeds[i]}: ${c!.chosen} (${
        c!.candidates.map((k) => `${k.architecture} ${k.bestValLoss.toFixed(4)}`).join(", ")
      })`
    );
    notes.push(
      `The UMAP rows use N2D's dense autoencoder (validation reconstruction MSE at its best epoch: ${
        perSeedText.join("; ")
      }).`,
    );
  }
  for (const id of ["ae-dec", "ae-idec"]) {
    const m = byId.get(id);
    const runs = perSeed(m);
    if (!m || runs.length === 0) continue;
    // Unconverged runs end at the batch cap, or earlier on the validation patience.
    const cap = (r: Record<string, unknown>) => (r.settings as { maxIter?: number } | undefined)?.maxIter;
    const early = runs.filter((r) => {
      const maxIter = cap(r);
      return r.converged === false && maxIter !== undefined && (r.nIter as number) < maxIter;
    }).length;
    const unconverged = runs.filter((r) => r.converged === false).length - early;
    const patience = runs.map((r) => (r.settings as { patience?: number } | undefined)?.patience)[0];
    const lastChanged = runs.map((r) => {
      const history = (r.history ?? []) as { changed: number }[];
      return history.length > 0 ? `${(100 * history[history.length - 1].changed).toFixed(1)}%` : "?";
    });
    const starts = runs.map((r) => (r.start as { test?: { ami: number } } | undefined)?.test?.ami);
    if (starts.every((a) => a !== undefined)) {
      const ends = m.metrics.ami.values;
      const above = starts.filter((a, i) => ends[i] !== undefined && ends[i] >= a!).length;
      notes.push(
        `${
          id.slice(3).toUpperCase()
        } against its start (one KMeans on the same encoder's codes, shared by DEC and IDEC: ` +
          `the centres they start from): test AMI ${
            starts.map((a) => a!.toFixed(4)).join(", ")
          } at the start, ` +
          `${
            ends.map((a) => a.toFixed(4)).join(", ")
          } after self-training: at or above its start on ${above} ` +
          `of ${runs.length} seeds.`,
      );
    }
    const selected = runs.map((r) => r.selectedIteration);
    if (selected.every((v) => typeof v === "number")) {
      notes.push(
        `${id.slice(3).toUpperCase()} kept the target update with the best validation AMI: after ${
          selected.join(", ")
        } batches (0 is the KMeans start) of ${runs.map((r) => r.nIter).join(", ")} run.`,
      );
    }
    notes.push(
      `${
        id.slice(3).toUpperCase()
      } stopped at its batch cap without reaching the label-change tolerance for ` +
        `${unconverged} of ${runs.length} seeds${
          early > 0
            ? `, and before it for ${early}, after ${patience} target updates without a better validation AMI`
            : ""
        } (labels changed at the last target update: ` +
        `${lastChanged.join(", ")}); its test AMI ${pm(m)} is that of a shortened run.`,
    );
  }
  return notes;
}

/** What the UMAP rows record about the autoencoder they used. */
interface AutoencoderChoice {
  chosen: string;
  candidates: { architecture: string; bestValLoss: number }[];
}
