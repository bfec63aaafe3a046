/**
 * Progress reporting for long work: lib reports {@linkcode ProgressEvent}s through a callback, entry points
 * print them with {@linkcode formatProgress}.
 *
 * @module
 */

/** One progress update of a stage. */
export interface ProgressEvent {
  /** The stage, e.g. `kmeans-raw`. */
  stage: string;
  /** The seed the stage runs for. */
  seed?: number;
  /** Fraction done, 0–1, when known. */
  fraction?: number;
  /** Seconds since the stage started. */
  elapsedSeconds: number;
  /** A short description of the current step. */
  message: string;
  /** `start`, `update`, or `done` (with `cached` when the stage was reused). */
  phase: "start" | "update" | "done";
  /** Whether a `done` stage came from the cache. */
  cached?: boolean;
}

/** A progress callback. */
export type OnProgress = (event: ProgressEvent) => void;

/**
 * Formats seconds as `1h02m`, `3m05s` or `12.3s`.
 *
 * @example
 * ```ts
 * import { formatDuration } from "./progress.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals([formatDuration(12.34), formatDuration(185), formatDuration(3720)], ["12.3s", "3m05s", "1h02m"]);
 * ```
 *
 * @param seconds The duration.
 * @returns The text.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * One compact progress line: stage, seed, a bar, percent, elapsed and ETA, message.
 *
 * @example
 * ```ts
 * import { formatProgress } from "./progress.ts";
 * import { assertEquals } from "../std.ts";
 * const line = formatProgress({ stage: "ae-train", seed: 0, fraction: 0.5, elapsedSeconds: 10, message: "epoch 1/2", phase: "update" });
 * assertEquals(line, "ae-train [seed 0] [##########----------]  50% 10.0s ETA 10.0s  epoch 1/2");
 * ```
 *
 * @param event The event.
 * @returns The line (no newline).
 */
export function formatProgress(event: ProgressEvent): string {
  const head = `${event.stage}${event.seed === undefined ? "" : ` [seed ${event.seed}]`}`;
  if (event.phase === "done") {
    return `${head} done in ${formatDuration(event.elapsedSeconds)}${
      event.cached ? " (cached)" : ""
    }  ${event.message}`
      .trimEnd();
  }
  if (event.fraction === undefined) {
    return `${head} ${formatDuration(event.elapsedSeconds)}  ${event.message}`;
  }
  const f = Math.min(Math.max(event.fraction, 0), 1);
  const filled = Math.round(f * 20);
  const eta = f > 0 ? event.elapsedSeconds * (1 - f) / f : Infinity;
  return `${head} [${"#".repeat(filled)}${"-".repeat(20 - filled)}] ${
    String(Math.round(f * 100)).padStart(3)
  }% ` +
    `${formatDuration(event.elapsedSeconds)} ETA ${formatDuration(eta)}  ${event.message}`;
}
