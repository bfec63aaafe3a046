import { assert, assertEquals, assertThrows } from "../std.ts";
import { takeIndices, toUnitFloat, trainValidationSplit } from "./split.ts";

Deno.test("trainValidationSplit() gives the report's 45,000/15,000 split, disjoint and reproducible", () => {
  const a = trainValidationSplit(60000, { seed: 3 });
  const b = trainValidationSplit(60000, { seed: 3 });
  const c = trainValidationSplit(60000, { seed: 4 });
  assertEquals([a.train.length, a.validation.length], [45000, 15000]);
  assertEquals(a, b);
  assert(a.validation.some((v, i) => v !== c.validation[i]));
  const seen = new Uint8Array(60000);
  for (const i of a.train) seen[i]++;
  for (const i of a.validation) seen[i]++;
  assert(seen.every((s) => s === 1));
});

Deno.test("trainValidationSplit() rejects a bad validationSize", () => {
  assertThrows(
    () => trainValidationSplit(10, { validationSize: 10 }),
    RangeError,
    "Cannot split samples: validationSize must be an integer in [1, 9], current value is 10",
  );
});

Deno.test("toUnitFloat() scales to [0, 1] and checks indices", () => {
  const images = new Uint8Array(2 * 784);
  images[784] = 255;
  images[785] = 51;
  const out = toUnitFloat(images, [1]);
  assertEquals([out[0], Math.round(out[1] * 1e6) / 1e6], [1, 0.2]);
  assertThrows(
    () => toUnitFloat(images, [2]),
    RangeError,
    "Cannot scale images: index must be an integer in [0, 1], current value is 2",
  );
  assertThrows(() => toUnitFloat(new Uint8Array(5)), RangeError, "length must be a multiple of 784");
  assertEquals(Array.from(takeIndices(Int32Array.of(4, 5, 6), [2, 2])), [6, 6]);
});
