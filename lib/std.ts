/**
 * The one place where this workspace takes what Deno's standard library would give.
 *
 * Deno's std lives on JSR, which these machines and CI cannot reach, so this module provides the few std
 * APIs the workspace uses, with std's names and signatures, on top of the Node built-ins that Deno ships
 * (`node:assert/strict`, `node:util`, `node:path`, `node:url`). Switching to `jsr:@std/*` later is a change
 * to this file only.
 *
 * @module
 */
import { AssertionError, deepStrictEqual, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";

export { parseArgs } from "node:util";
export { basename, dirname, extname, join, relative, resolve } from "node:path";
export { AssertionError };

/**
 * Asserts that `expr` is truthy, like std's `assert`.
 *
 * @example
 * ```ts
 * import { assert } from "./std.ts";
 * assert(1 + 1 === 2);
 * ```
 *
 * @param expr The value to check.
 * @param msg The message of the error thrown when it is falsy.
 */
export function assert(expr: unknown, msg = "Assertion failed"): asserts expr {
  ok(expr, msg);
}

/**
 * Asserts deep strict equality, like std's `assertEquals`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "./std.ts";
 * assertEquals({ a: [1, 2] }, { a: [1, 2] });
 * ```
 *
 * @param actual The value produced.
 * @param expected The value wanted.
 * @param msg An optional message.
 */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  deepStrictEqual(actual, expected, msg);
}

/**
 * Asserts that two numbers differ by at most `tolerance`, like std's `assertAlmostEquals`.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "./std.ts";
 * assertAlmostEquals(0.1 + 0.2, 0.3, 1e-12);
 * ```
 *
 * @param actual The value produced.
 * @param expected The value wanted.
 * @param tolerance The largest allowed absolute difference.
 * @param msg An optional message.
 */
export function assertAlmostEquals(
  actual: number,
  expected: number,
  tolerance = 1e-7,
  msg?: string,
): void {
  if (Object.is(actual, expected)) return;
  const delta = Math.abs(actual - expected);
  if (!(delta <= tolerance)) {
    throw new AssertionError({
      message: `${msg ? msg + ": " : ""}expected ${actual} to be close to ${expected}: ` +
        `delta ${delta} is greater than ${tolerance}`,
    });
  }
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

function checkError<E extends Error>(
  error: unknown,
  errorClass?: ErrorClass<E>,
  msgIncludes?: string,
): E {
  if (errorClass && !(error instanceof errorClass)) {
    throw new AssertionError({
      message: `Expected error to be instance of "${errorClass.name}", but was "${
        error instanceof Error ? error.constructor.name : typeof error
      }": ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  if (msgIncludes !== undefined) {
    const message = error instanceof Error ? error.message : String(error);
    if (!message.includes(msgIncludes)) {
      throw new AssertionError({
        message: `Expected error message to include "${msgIncludes}", but got "${message}"`,
      });
    }
  }
  return error as E;
}

/**
 * Asserts that `fn` throws, optionally an instance of `errorClass` whose message includes `msgIncludes`,
 * like std's `assertThrows`; returns the error.
 *
 * @example
 * ```ts
 * import { assertThrows } from "./std.ts";
 * assertThrows(() => { throw new RangeError("Bad value: 3"); }, RangeError, "Bad value");
 * ```
 *
 * @param fn The function expected to throw.
 * @param errorClass The class the error must be an instance of.
 * @param msgIncludes Text the error message must contain.
 * @returns The error thrown.
 */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  errorClass?: ErrorClass<E>,
  msgIncludes?: string,
): E {
  try {
    fn();
  } catch (error) {
    return checkError(error, errorClass, msgIncludes);
  }
  throw new AssertionError({ message: "Expected function to throw" });
}

/**
 * Asserts that the promise returned by `fn` rejects, like std's `assertRejects`; returns the error.
 *
 * @example
 * ```ts
 * import { assertRejects } from "./std.ts";
 * await assertRejects(() => Promise.reject(new TypeError("Bad type")), TypeError, "Bad");
 * ```
 *
 * @param fn The async function expected to reject.
 * @param errorClass The class the error must be an instance of.
 * @param msgIncludes Text the error message must contain.
 * @returns The error it rejected with.
 */
export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  errorClass?: ErrorClass<E>,
  msgIncludes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    return checkError(error, errorClass, msgIncludes);
  }
  throw new AssertionError({ message: "Expected function to reject" });
}

/**
 * Converts a `file:` URL to a path, like std's `fromFileUrl`.
 *
 * @example
 * ```ts
 * import { assertEquals, fromFileUrl } from "./std.ts";
 * assertEquals(fromFileUrl("file:///tmp/a.txt"), "/tmp/a.txt");
 * ```
 *
 * @param url The file URL.
 * @returns The path on disk.
 */
export function fromFileUrl(url: string | URL): string {
  return fileURLToPath(url);
}
