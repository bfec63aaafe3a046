/**
 * The report's sentences about the methods' results, each read from them (never typed-in numbers): the
 * methods' `notes` call these.
 *
 * @module
 */
import type { MethodResult } from "../pipeline/mod.ts";

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
 * Where KMeans on the unscaled encodings lands against the report, and what the scaling chosen on the
 * validation split (`ae-kmeans`, when run) changes.
 *
 * @param kmRaw The `ae-kmeans-unscaled` results.
 * @param all Every method's results.
 * @returns The sentences.
 */
export function unscaledKMeansNotes(kmRaw: MethodResult, all: readonly MethodResult[]): string[] {
  const km = all.find((m) => m.id === "ae-kmeans");
  if (km) {
    const chosen = perSeed(km).map((d) => String(d.selected));
    const vals = perSeed(km).map((d) => {
      const candidates = (d.candidates ?? []) as { name: string; validationAmi: number }[];
      const none = candidates.find((c) => c.name === "none");
      const best = candidates.find((c) => c.name === d.selected);
      return none && best ? `${f4(none.validationAmi)} → ${f4(best.validationAmi)}` : "?";
    });
    return [
      `KMeans on the unscaled ${perSeed(kmRaw)[0]?.features ?? "?"}-d encodings ` +
      `(the report's protocol) reaches test AMI ${pm(kmRaw)}, ${versus(kmRaw)}. The scaling chosen on the ` +
      `validation split was ${chosen.join(", ")} (seeds ${
        km.seeds.join(", ")
      }; validation AMI unscaled → chosen: ` +
      `${vals.join("; ")}), which gives ${pm(km)}, ${
        versus(km)
      }. The encoder's ReLU codes grow with an image's ` +
      `brightness and area, so Euclidean KMeans on them partly clusters by magnitude; L2-normalised codes are ` +
      `compared by direction.`,
    ];
  }
  return [];
}

/**
 * Where the mixture on the unscaled encodings lands against the report, and what the features chosen on the
 * validation split (`ae-gmm`, when run) change.
 *
 * @param gmmRaw The `ae-gmm-unscaled` results.
 * @param all Every method's results.
 * @returns The sentences.
 */
export function unscaledGmmNotes(gmmRaw: MethodResult, all: readonly MethodResult[]): string[] {
  const gmm = all.find((m) => m.id === "ae-gmm");
  if (gmm) {
    const raw = perSeed(gmmRaw);
    const d = Number(raw[0]?.features ?? 0);
    const types = raw.map((r) => String(r.covarianceType));
    return [
      `A Gaussian mixture on the unscaled encodings (covariance type by validation log-likelihood: ` +
      `${types.join(", ")}) reaches ${pm(gmmRaw)}, ${
        versus(gmmRaw)
      }; with ${d} features a full covariance has ` +
      `${
        (d * (d + 1) / 2).toLocaleString("en-US")
      } free parameters per component. The pipeline chosen on the validation split (${
        perSeed(gmm).map((p) => String(p.selected)).join(", ")
      }) fits the mixture in a 10–50-d PCA space of scaled codes and reaches ${pm(gmm)}, ${versus(gmm)}.`,
    ];
  }
  return [];
}

/**
 * Which autoencoder the UMAP rows use, and its validation MSE per seed.
 *
 * @param umap A UMAP row's results.
 * @returns The sentences.
 */
export function autoencoderChoiceNotes(umap: MethodResult): string[] {
  const choices = perSeed(umap).map((d) => d.autoencoderChoice as AutoencoderChoice | undefined);
  if (umap && choices.length > 0 && choices.every((c) => c !== undefined)) {
    const perSeedText = choices.map((c, i) =>
      `seed ${umap.seeds[i]}: ${c!.chosen} (${
        c!.candidates.map((k) => `${k.architecture} ${k.bestValLoss.toFixed(4)}`).join(", ")
      })`
    );
    return [
      `The UMAP rows use N2D's dense autoencoder (validation reconstruction MSE at its best epoch: ${
        perSeedText.join("; ")
      }).`,
    ];
  }
  return [];
}

/**
 * DEC's or IDEC's gain over its KMeans start, the update kept and how it stopped.
 *
 * @param m The `ae-dec` or `ae-idec` results.
 * @returns The sentences.
 */
export function selfTrainingNotes(m: MethodResult): string[] {
  const id = m.id;
  const notes: string[] = [];
  const runs = perSeed(m);
  if (runs.length === 0) return notes;
  {
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
