import { checkAverageMethod, generalizedAverage } from "./_average.ts";
import { assertEquals, assertThrows } from "../std.ts";

Deno.test("generalizedAverage() computes the four means", () => {
  assertEquals(generalizedAverage(1, 4, "arithmetic"), 2.5);
  assertEquals(generalizedAverage(1, 4, "geometric"), 2);
  assertEquals(generalizedAverage(1, 4, "min"), 1);
  assertEquals(generalizedAverage(1, 4, "max"), 4);
});

Deno.test("checkAverageMethod() rejects unknown names", () => {
  checkAverageMethod("geometric", "do it");
  assertThrows(
    () => checkAverageMethod("mean", "compute AMI"),
    RangeError,
    'Cannot compute AMI: averageMethod must be one of "arithmetic", "geometric", "min" or "max", ' +
      'current value is "mean"',
  );
});
