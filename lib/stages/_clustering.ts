/**
 * The typed view of a clustering stage's artifact: its facts and the clusters of the fitted and test rows
 * (and of the validation rows, where the stage stores them).
 *
 * @module
 */
import { artifactArrays, type StageArtifact } from "../pipeline/mod.ts";

/** What a clustering stage gives. */
export interface ClusteringOutput<J = Record<string, unknown>> {
  /** The stage's facts (recorded per seed in `results.json`). */
  json: J;
  /** Clusters of the fitted rows. */
  fitPred: Int32Array;
  /** Clusters of the test rows. */
  testPred: Int32Array;
}

/** A clustering output with the validation rows' clusters too. */
export interface ValidatedClusteringOutput<J = Record<string, unknown>> extends ClusteringOutput<J> {
  /** Clusters of the validation rows. */
  validationPred: Int32Array;
}

/** Reads `fitPred` and `testPred` of a clustering stage's artifact. */
export function readClustering<J>(stage: string, artifact: StageArtifact<unknown>): ClusteringOutput<J> {
  const arrays = artifactArrays(stage, artifact, { fitPred: "Int32Array", testPred: "Int32Array" });
  return { json: artifact.json as J, ...arrays };
}

/** Reads `fitPred`, `validationPred` and `testPred` of a clustering stage's artifact. */
export function readValidatedClustering<J>(
  stage: string,
  artifact: StageArtifact<unknown>,
): ValidatedClusteringOutput<J> {
  const arrays = artifactArrays(stage, artifact, {
    fitPred: "Int32Array",
    validationPred: "Int32Array",
    testPred: "Int32Array",
  });
  return { json: artifact.json as J, ...arrays };
}
