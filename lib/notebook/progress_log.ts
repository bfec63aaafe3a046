/**
 * A notebook's progress output: every stage's start and end, and for a long stage (a network's training) a
 * line with its fraction done and ETA at most every few seconds, so a cell that trains shows it is alive
 * without flooding the output.
 *
 * @module
 */
import { formatProgress, type OnProgress, type ProgressEvent } from "../pipeline/mod.ts";

/** Options of {@linkcode progressLog}. */
export interface ProgressLogOptions {
  /**
   * Least seconds between two update lines of one stage.
   *
   * @default {15}
   */
  everySeconds?: number;
  /**
   * Where lines go.
   *
   * @default {console.log}
   */
  write?: (line: string) => void;
}

/**
 * A progress callback for `loadPipelineRun`: prints each stage's end (cached or computed in how long), and
 * while a stage computes, its progress line with ETA at most every `everySeconds`.
 *
 * @example
 * ```ts
 * import { progressLog } from "./progress_log.ts";
 * import { assertEquals } from "../std.ts";
 * const lines: string[] = [];
 * const log = progressLog({ everySeconds: 10, write: (l) => lines.push(l) });
 * const at = (elapsedSeconds: number, phase: "update" | "done" = "update") =>
 *   log({ stage: "autoencoder", seed: 0, fraction: elapsedSeconds / 100, elapsedSeconds, message: "epoch", phase });
 * at(1); at(5); at(12); at(100, "done");
 * assertEquals(lines.length, 3);
 * ```
 *
 * @param options How often and where.
 * @returns The callback.
 */
export function progressLog(options: ProgressLogOptions = {}): OnProgress {
  const { everySeconds = 15, write = console.log } = options;
  const last = new Map<string, number>();
  return (event: ProgressEvent) => {
    const key = `${event.stage}@${event.seed ?? ""}`;
    if (event.phase === "done") {
      last.delete(key);
      write(formatProgress(event));
      return;
    }
    if (event.phase !== "update") return;
    const previous = last.get(key);
    if (previous !== undefined && event.elapsedSeconds - previous < everySeconds) return;
    last.set(key, event.elapsedSeconds);
    write(formatProgress(event));
  };
}
