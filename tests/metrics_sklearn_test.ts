/**
 * Cross-module check of `lib/metrics` against reference values computed with scikit-learn 1.2.1
 * (`tests/fixtures/sklearn/metrics.json`, copied from `shared/fixtures/sklearn/metrics.json`): every
 * case and every score within 1e-9, plus bad input and chance-level behavior.
 */
import {
  accuracy,
  ami,
  ari,
  completeness,
  homogeneity,
  homogeneityCompletenessVMeasure,
  nmi,
  vMeasure,
} from "../lib/metrics/mod.ts";
import { randomSeeded } from "../lib/random/mod.ts";
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
  dirname,
  fromFileUrl,
  join,
} from "../lib/std.ts";

interface MetricsCase {
  labels_true: number[];
  labels_pred: number[];
  ami: number;
  nmi: number;
  ari: number;
  acc: number;
  homogeneity: number;
  completeness: number;
  v_measure: number;
}

const FIXTURE = join(dirname(fromFileUrl(import.meta.url)), "fixtures", "sklearn", "metrics.json");
const { source, cases } = JSON.parse(Deno.readTextFileSync(FIXTURE)) as {
  source: string;
  cases: MetricsCase[];
};
const TOLERANCE = 1e-9;

type Score = (t: ArrayLike<number>, p: ArrayLike<number>) => number;
/** Fixture key, function. */
const SCORES: [keyof MetricsCase, Score][] = [
  ["ami", ami],
  ["nmi", nmi],
  ["ari", ari],
  ["acc", accuracy],
  ["homogeneity", homogeneity],
  ["completeness", completeness],
  ["v_measure", vMeasure],
];

Deno.test("metrics fixture comes from scikit-learn 1.2.1 and has cases", () => {
  assert(source.includes("scikit-learn 1.2.1"), source);
  assert(cases.length >= 20, `only ${cases.length} cases`);
});

for (const [name, score] of SCORES) {
  Deno.test(`${score.name}() matches scikit-learn's ${name} on every fixture case`, () => {
    cases.forEach((c, k) => {
      const expected = c[name] as number;
      assertAlmostEquals(score(c.labels_true, c.labels_pred), expected, TOLERANCE, `case ${k} (${name})`);
    });
  });
}

Deno.test("homogeneityCompletenessVMeasure() matches scikit-learn on every fixture case", () => {
  cases.forEach((c, k) => {
    const s = homogeneityCompletenessVMeasure(c.labels_true, c.labels_pred);
    assertAlmostEquals(s.homogeneity, c.homogeneity, TOLERANCE, `case ${k}`);
    assertAlmostEquals(s.completeness, c.completeness, TOLERANCE, `case ${k}`);
    assertAlmostEquals(s.vMeasure, c.v_measure, TOLERANCE, `case ${k}`);
  });
});

Deno.test("metrics give the fixture scores for Int32Array input and renamed labels", () => {
  cases.forEach((c, k) => {
    // Shift and spread the label ids: only equality between labels matters.
    const t = Int32Array.from(c.labels_true, (v) => 3 * v - 7);
    const p = c.labels_pred.map((v) => 1000 - 17 * v);
    for (const [name, score] of SCORES) {
      assertAlmostEquals(score(t, p), c[name] as number, TOLERANCE, `case ${k} (${name})`);
    }
  });
});

Deno.test("metrics reject bad input with clear errors", () => {
  for (const [, score] of SCORES) {
    assertThrows(
      () => score([0, 1, 1, 0, 1, 0, 0, 1, 1, 0], [0, 1, 1, 0, 1, 0, 0, 1, 1]),
      TypeError,
      "Cannot score clusterings: labelsTrue and labelsPred must have the same length, current lengths " +
        "are 10 and 9",
    );
    assertThrows(
      () => score([], []),
      RangeError,
      "Cannot score clusterings: labelsTrue and labelsPred must hold at least 1 sample, current length is 0",
    );
    assertThrows(
      () => score([0, 1, NaN], [0, 1, 1]),
      RangeError,
      "Cannot score clusterings: labelsTrue must hold finite integer labels, current value at index 2 is NaN",
    );
    assertThrows(
      () => score([0, 1, 1], [0, 0.5, 1]),
      RangeError,
      "Cannot score clusterings: labelsPred must hold finite integer labels, current value at index 1 is 0.5",
    );
  }
});

function randomLabels(n: number, k: number, seed: number): Int32Array {
  const prng = randomSeeded(seed);
  return Int32Array.from({ length: n }, () => Math.floor(prng() * k));
}

Deno.test("ami() and ari() are near 0 for independent random labelings", () => {
  for (const [n, kTrue, kPred, seed] of [[2000, 10, 10, 1], [5000, 4, 12, 2], [3000, 20, 5, 3]]) {
    const t = randomLabels(n, kTrue, seed);
    const p = randomLabels(n, kPred, seed + 100);
    const a = ami(t, p);
    const r = ari(t, p);
    assert(Math.abs(a) < 0.01, `AMI ${a} for n=${n}`);
    assert(Math.abs(r) < 0.01, `ARI ${r} for n=${n}`);
    // Unadjusted NMI is biased upwards on the same labelings.
    assert(nmi(t, p) > Math.abs(a), "NMI should exceed |AMI|");
  }
});

Deno.test("metrics score 70,000 samples in 10 x 10 clusters quickly", () => {
  const t = randomLabels(70_000, 10, 7);
  const p = Int32Array.from(t, (v, i) => (i % 3 === 0 ? (v + 1) % 10 : v));
  for (const [name, score] of SCORES) {
    const start = performance.now();
    const value = score(t, p);
    const ms = performance.now() - start;
    assert(Number.isFinite(value), name);
    // Generous bound for a shared machine; typical runs take a few milliseconds.
    assert(ms < 500, `${name} took ${ms.toFixed(1)} ms`);
  }
  assertEquals(accuracy(t, p), accuracy(p, t));
});
