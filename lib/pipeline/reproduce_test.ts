import { initTensorBackend } from "../backend/mod.ts";
import { assert, assertEquals, assertRejects, join } from "../std.ts";
import { QUICK_CONFIG } from "./config.ts";
import { artifactArrays, defineStage } from "./graph.ts";
import { defineMethod } from "./method.ts";
import { reproduce } from "./reproduce.ts";

await initTensorBackend();

const config = { ...QUICK_CONFIG, trainLimit: 200, testLimit: 50, validationSize: 50 };

/** A method whose one stage stores the predictions `predict` gives for `n` images. */
function fakeMethod(id: string, predict: (n: number) => Int32Array) {
  const stage = defineStage({
    id: `${id}-pred`,
    description: "fixed predictions",
    scope: "seed",
    inputs: {},
    settings: () => ({}),
    compute: (_inputs, { data }) =>
      Promise.resolve({
        json: {},
        arrays: {
          testPred: predict(data.nTest),
          fitPred: Int32Array.from({ length: data.nTrain }, (_, i) => i % 10),
        },
      }),
    read: (artifact) =>
      artifactArrays(`${id}-pred`, artifact, { testPred: "Int32Array", fitPred: "Int32Array" }),
  });
  return defineMethod({
    id,
    label: () => id,
    protocol: "inductive",
    section: "report",
    stages: { pred: stage },
    row: ({ pred }, { data }) => ({
      testPred: pred.testPred,
      fitTruth: data.trainLabels,
      fitPred: pred.fitPred,
      scoreTruth: data.testLabels,
      scorePred: pred.testPred,
      details: {},
    }),
  });
}

const cycle = (n: number) => Int32Array.from({ length: n }, (_, i) => i % 10);

Deno.test("reproduce() refuses a cached prediction file changed after it was stored, and writes nothing", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "reproduce-corrupt-" });
  try {
    const options = {
      config,
      methods: [fakeMethod("fake", cycle)],
      seeds: [0],
      outDir: join(tmp, "out"),
      cacheDir: join(tmp, "cache"),
    };
    await reproduce(options);
    const results = await Deno.readFile(join(tmp, "out", "results.json"));
    const stageDir = join(tmp, "cache", "fake-pred");
    const [entry] = await Array.fromAsync(Deno.readDir(stageDir));
    const file = join(stageDir, entry.name, "testPred.int32.bin");
    await Deno.writeFile(file, crypto.getRandomValues(new Uint8Array((await Deno.readFile(file)).length)));
    await assertRejects(
      () => reproduce(options),
      Error,
      `Cannot load cache entry ${join(stageDir, entry.name)}: testPred.int32.bin has SHA-256 `,
    );
    assertEquals(await Deno.readFile(join(tmp, "out", "results.json")), results);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("reproduce() refuses cluster ids outside [0, k) and predictions of the wrong length, naming the stage and seed", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "reproduce-range-" });
  try {
    const cases: [Int32Array, string][] = [
      [
        Int32Array.from(cycle(50), (v, i) => (i === 7 ? 10 : v)),
        "testPred[7] is 10, expected a cluster id in [0, 10)",
      ],
      [
        Int32Array.from(cycle(50), (v, i) => (i === 3 ? -1 : v)),
        "testPred[3] is -1, expected a cluster id in [0, 10)",
      ],
      [cycle(49), "testPred has 49 entries, expected 50 (the test images scored)"],
    ];
    for (const [i, [pred, what]] of cases.entries()) {
      const outDir = join(tmp, `out${i}`);
      const cacheDir = join(tmp, `cache${i}`);
      const error = await assertRejects(
        () => reproduce({ config, methods: [fakeMethod("fake", () => pred)], seeds: [3], outDir, cacheDir }),
        RangeError,
        `Cannot score method fake for seed 3: ${what}; read from stage fake-pred (${
          join(cacheDir, "fake-pred")
        }/`,
      );
      assert(error.message.endsWith("delete the entry or use --force"), error.message);
      assertEquals(await Deno.stat(join(outDir, "results.json")).then(() => true, () => false), false);
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
