import { assert, assertEquals, assertRejects, join } from "../std.ts";
import {
  CLASS_NAMES,
  FASHION_MNIST_FILES,
  FASHION_MNIST_SHA256,
  loadFashionMnist,
  REPO_DATA_DIR,
  resolveFashionMnistDir,
} from "./fashion_mnist.ts";

Deno.test("loadFashionMnist() loads and verifies the vendored copy", async () => {
  const data = await loadFashionMnist({ dir: REPO_DATA_DIR });
  assertEquals(data.source, "explicit");
  assertEquals([data.train.count, data.test.count], [60000, 10000]);
  assertEquals([data.train.images.length, data.test.images.length], [60000 * 784, 10000 * 784]);
  assertEquals(data.sha256, { ...FASHION_MNIST_SHA256 });
  // Every class appears 6,000 times in train and 1,000 times in test.
  const counts = new Array(CLASS_NAMES.length).fill(0);
  for (const label of data.train.labels) counts[label]++;
  assertEquals(counts, new Array(10).fill(6000));
  // The first training image is an ankle boot (label 9), as in the official files.
  assertEquals(data.train.labels[0], 9);
});

Deno.test("loadFashionMnist() refuses a file whose checksum differs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const name of Object.values(FASHION_MNIST_FILES)) {
      await Deno.copyFile(join(REPO_DATA_DIR, `${name}.gz`), join(dir, `${name}.gz`));
    }
    // Replace the test labels with a valid IDX file of other content.
    await Deno.remove(join(dir, "t10k-labels-idx1-ubyte.gz"));
    const fake = new Uint8Array(8 + 10000);
    new DataView(fake.buffer).setUint32(0, 0x801);
    new DataView(fake.buffer).setUint32(4, 10000);
    await Deno.writeFile(join(dir, "t10k-labels-idx1-ubyte"), fake);
    await assertRejects(
      () => loadFashionMnist({ dir }),
      Error,
      `Cannot load Fashion-MNIST: ${join(dir, "t10k-labels-idx1-ubyte")} has SHA-256 `,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveFashionMnistDir() names the missing files of an explicit folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assertRejects(
      () => resolveFashionMnistDir(dir),
      Error,
      `Cannot load Fashion-MNIST: --data folder ${dir} lacks train-images-idx3-ubyte, train-labels-idx1-ubyte, ` +
        "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadFashionMnist() without a copy and without download says how to get the data", async () => {
  // Only meaningful when neither the repo copy nor Debian's exists; simulate with an empty FASHION_MNIST_DIR.
  const dir = await Deno.makeTempDir();
  const previous = Deno.env.get("FASHION_MNIST_DIR");
  Deno.env.set("FASHION_MNIST_DIR", dir);
  try {
    await assertRejects(() => loadFashionMnist({ download: false }), Error, "FASHION_MNIST_DIR folder");
  } finally {
    previous === undefined
      ? Deno.env.delete("FASHION_MNIST_DIR")
      : Deno.env.set("FASHION_MNIST_DIR", previous);
    await Deno.remove(dir, { recursive: true });
  }
  assert(REPO_DATA_DIR.endsWith(join("data", "fashion-mnist")));
});
