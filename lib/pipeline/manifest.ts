/**
 * What a run records about itself: versions, timings and peak memory.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Versions of the runtime and libraries. */
export interface Versions {
  /** Deno's version. */
  deno: string;
  /** V8's version. */
  v8: string;
  /** TypeScript's version. */
  typescript: string;
  /** tfjs's version. */
  tfjs: string;
  /** The operating system and architecture. */
  platform: string;
}

/**
 * The versions of everything that computes.
 *
 * @example
 * ```ts
 * import { collectVersions } from "./manifest.ts";
 * import { assert } from "../std.ts";
 * assert(collectVersions().deno.length > 0);
 * ```
 *
 * @returns The versions.
 */
export function collectVersions(): Versions {
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    tfjs: tf.version.tfjs,
    platform: `${Deno.build.os}-${Deno.build.arch}`,
  };
}

/**
 * Tracks the peak resident memory of the process by sampling it on a timer (and on demand).
 *
 * @example
 * ```ts
 * import { PeakMemory } from "./manifest.ts";
 * import { assert } from "../std.ts";
 * const peak = new PeakMemory(50);
 * peak.sample();
 * peak.stop();
 * assert(peak.peakBytes > 0);
 * ```
 */
export class PeakMemory {
  #peak = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /**
   * Starts sampling.
   *
   * @param intervalMs Milliseconds between samples.
   */
  constructor(intervalMs = 500) {
    this.sample();
    const timer = setInterval(() => this.sample(), intervalMs);
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  /** Takes one sample now. */
  sample(): void {
    this.#peak = Math.max(this.#peak, Deno.memoryUsage().rss);
  }

  /** Stops the timer. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.sample();
  }

  /** The highest resident set size seen, in bytes. */
  get peakBytes(): number {
    return this.#peak;
  }
}
