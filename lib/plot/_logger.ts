/**
 * A Vega logger that forwards warnings to a callback and keeps errors, so that `lib` never prints.
 *
 * @module
 */
import type { LoggerInterface } from "vega";

function format(args: readonly unknown[]): string {
  return args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
}

/** A logger and the errors it has collected. */
export interface CollectingLogger {
  /** The logger to hand to Vega-Lite's `compile` or Vega's `View`. */
  logger: LoggerInterface;
  /** The error messages logged so far. */
  errors: string[];
}

/**
 * Makes a Vega logger whose warnings go to `onWarning` and whose errors are kept. Its methods use no
 * `this`: Vega calls them bound to other objects.
 *
 * @param onWarning Called with each warning message.
 * @returns The logger and its error list.
 */
export function collectingLogger(onWarning: (message: string) => void): CollectingLogger {
  let level = 2; // vega's Warn
  const errors: string[] = [];
  const logger = {
    level(value?: number): number | LoggerInterface {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      if (level >= 1) errors.push(format(args));
      return logger;
    },
    warn(...args: unknown[]) {
      if (level >= 2) onWarning(format(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return { logger: logger as LoggerInterface, errors };
}
