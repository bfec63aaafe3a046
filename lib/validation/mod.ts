/**
 * Input checks shared by the estimators and transforms of lib/ (`cluster`, `decomposition`, `features`,
 * `manifold`, `preprocessing`), each throwing with the house message shape: numeric options
 * ({@linkcode checkOption}), string choices ({@linkcode checkChoice}), feature matrices
 * ({@linkcode checkFeatureMatrix}, {@linkcode readMatrix}) and fitted state ({@linkcode checkFitted}).
 *
 * @example
 * ```ts
 * import { checkOption } from "./mod.ts";
 * import { assertThrows } from "../std.ts";
 * assertThrows(
 *   () => checkOption("fit UMAP", "minDist", -1, { min: 0 }),
 *   RangeError,
 *   "Cannot fit UMAP: minDist must be a finite number >= 0, current value is -1",
 * );
 * ```
 *
 * @module
 */
export * from "./checks.ts";
