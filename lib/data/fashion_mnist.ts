/**
 * Locates, verifies and loads the Fashion-MNIST data set (60,000 training and 10,000 test images, 28×28
 * grayscale, 10 classes).
 *
 * @module
 */
import { fromFileUrl, join } from "../std.ts";
import { sha256Hex, writeFileAtomic } from "../io/mod.ts";
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, parseIdx, readMaybeGzip } from "./idx.ts";

/** Image side length in pixels. */
export const IMAGE_SIZE = 28;
/** Pixels per image (28 × 28). */
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
/** The ten class names, indexed by label. */
export const CLASS_NAMES: readonly string[] = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

/** The four files of the data set, by their original names (without `.gz`). */
export const FASHION_MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/**
 * SHA-256 of the decompressed files (identical whichever mirror or gzip produced the `.gz`), from
 * `shared/fixtures/fashion-mnist-sha256.txt`.
 */
export const FASHION_MNIST_SHA256: Readonly<Record<string, string>> = {
  "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
  "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
  "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
  "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
};

/** Where the official `.gz` files are published (used only when no local copy exists). */
export const FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

/** The workspace's own copy: `data/fashion-mnist/` at the repository root. */
export const REPO_DATA_DIR: string = fromFileUrl(new URL("../../data/fashion-mnist", import.meta.url));
/** Where Debian's `dataset-fashion-mnist` package puts the files. */
export const DEBIAN_DATA_DIR = "/usr/share/datasets/fashion-mnist";

/** One split of the data set. */
export interface FashionMnistSplit {
  /** Number of images. */
  count: number;
  /** Pixels 0–255, row-major, shape `[count, 28, 28]` flattened (`count × 784`). */
  images: Uint8Array;
  /** Class labels 0–9, shape `[count]`. */
  labels: Uint8Array;
}

/** The loaded data set. */
export interface FashionMnist {
  /** The 60,000 training images. */
  train: FashionMnistSplit;
  /** The 10,000 test images. */
  test: FashionMnistSplit;
  /** The folder the files came from. */
  dir: string;
  /** How that folder was chosen. */
  source: "explicit" | "env" | "repo" | "debian" | "download";
  /** SHA-256 of each decompressed file, by file name. */
  sha256: Record<string, string>;
}

/** Options of {@linkcode loadFashionMnist}. */
export interface LoadFashionMnistOptions {
  /**
   * An explicit folder holding the four files (`.gz` or raw); when given, no other place is tried.
   *
   * @default {undefined}
   */
  dir?: string;
  /**
   * Whether to try downloading the official files into `data/fashion-mnist/` when no local copy exists.
   *
   * @default {true}
   */
  download?: boolean;
  /**
   * The SHA-256 every decompressed file must have, by file name (without `.gz`); a file of another digest
   * is refused. Only a test or another copy of the format (e.g. a small synthetic set) needs to change it.
   *
   * @default {FASHION_MNIST_SHA256}
   */
  expectedSha256?: Readonly<Record<string, string>>;
}

/**
 * Finds the data folder in order: `options.dir`, `$FASHION_MNIST_DIR`, the repository's `data/fashion-mnist/`,
 * Debian's `/usr/share/datasets/fashion-mnist/`; returns `undefined` when none holds all four files.
 *
 * @example
 * ```ts
 * import { resolveFashionMnistDir } from "./fashion_mnist.ts";
 * import { assert } from "../std.ts";
 * assert((await resolveFashionMnistDir()) !== undefined);
 * ```
 *
 * @param dir An explicit folder; when given it is the only one tried.
 * @returns The folder and how it was chosen.
 * @throws {Error} When an explicit folder (option or environment) does not exist, is not a folder or lacks
 *   a file.
 */
export async function resolveFashionMnistDir(
  dir?: string,
): Promise<{ dir: string; source: FashionMnist["source"] } | undefined> {
  const env = Deno.env.get("FASHION_MNIST_DIR");
  const explicit = dir !== undefined
    ? { dir, source: "explicit" as const, what: "--data" }
    : env
    ? { dir: env, source: "env" as const, what: "FASHION_MNIST_DIR" }
    : undefined;
  if (explicit) {
    const info = await Deno.stat(explicit.dir).catch(() => undefined);
    if (!info?.isDirectory) {
      throw new Error(
        `Cannot load Fashion-MNIST: ${explicit.what} folder ${explicit.dir} ` +
          `${info ? "is not a folder" : "does not exist"} (expected a folder holding the four IDX files)`,
      );
    }
    const missing = await missingFiles(explicit.dir);
    if (missing.length > 0) {
      throw new Error(
        `Cannot load Fashion-MNIST: ${explicit.what} folder ${explicit.dir} lacks ${missing.join(", ")} ` +
          `(expected the four IDX files, .gz or raw)`,
      );
    }
    return { dir: explicit.dir, source: explicit.source };
  }
  for (const [candidate, source] of [[REPO_DATA_DIR, "repo"], [DEBIAN_DATA_DIR, "debian"]] as const) {
    if ((await missingFiles(candidate)).length === 0) return { dir: candidate, source };
  }
  return undefined;
}

/**
 * Loads Fashion-MNIST, checking every file's IDX header, the SHA-256 of every decompressed file against
 * the published values, and that each images file (28×28 images) has one label per image.
 *
 * @example
 * ```ts
 * import { loadFashionMnist } from "./fashion_mnist.ts";
 * import { assertEquals } from "../std.ts";
 * const data = await loadFashionMnist();
 * assertEquals([data.train.count, data.test.count], [60000, 10000]);
 * ```
 *
 * @param options Where to look.
 * @returns The data set.
 * @throws {Error} When no copy can be found or fetched, or a file's checksum or format is wrong, or an
 *   images file and its labels file disagree on the count; the message names the file.
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions = {}): Promise<FashionMnist> {
  const { download = true, expectedSha256 = FASHION_MNIST_SHA256 } = options;
  let found = await resolveFashionMnistDir(options.dir);
  if (!found) {
    if (!download) throw new Error(noDataMessage("downloading is disabled"));
    await downloadFashionMnist(REPO_DATA_DIR);
    found = { dir: REPO_DATA_DIR, source: "download" };
  }
  const sha256: Record<string, string> = {};
  const read = async (name: string, magic: number) => {
    const path = (await filePath(found.dir, name))!;
    const bytes = await readMaybeGzip(path);
    // The format first, so a truncated or mislabelled file says what is wrong with it.
    const idx = parseIdx(bytes, path, magic);
    sha256[name] = await sha256Hex(bytes);
    if (sha256[name] !== expectedSha256[name]) {
      throw new Error(
        `Cannot load Fashion-MNIST: ${path} has SHA-256 ${sha256[name]} after decompression, ` +
          `expected ${expectedSha256[name]} (a corrupt or different file)`,
      );
    }
    return { ...idx, path };
  };
  // Every file is read, and the first failure in file order is reported, so the error does not depend on
  // which read finishes first.
  const settled = await Promise.allSettled([
    read(FASHION_MNIST_FILES.trainImages, IDX_IMAGES_MAGIC),
    read(FASHION_MNIST_FILES.trainLabels, IDX_LABELS_MAGIC),
    read(FASHION_MNIST_FILES.testImages, IDX_IMAGES_MAGIC),
    read(FASHION_MNIST_FILES.testLabels, IDX_LABELS_MAGIC),
  ]);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  const [trainImages, trainLabels, testImages, testLabels] = settled.map((r) =>
    (r as PromiseFulfilledResult<IdxArray & { path: string }>).value
  );
  return {
    train: splitOf(trainImages, trainLabels),
    test: splitOf(testImages, testLabels),
    dir: found.dir,
    source: found.source,
    sha256,
  };
}

/** Pairs an images file with its labels file, checking the image size and that the counts agree. */
function splitOf(
  images: IdxArray & { path: string },
  labels: IdxArray & { path: string },
): FashionMnistSplit {
  const [count, height, width] = images.dims;
  if (height !== IMAGE_SIZE || width !== IMAGE_SIZE) {
    throw new RangeError(
      `Cannot load Fashion-MNIST: ${images.path} holds images of ${height}×${width} pixels, ` +
        `expected ${IMAGE_SIZE}×${IMAGE_SIZE}`,
    );
  }
  if (labels.dims[0] !== count) {
    throw new RangeError(
      `Cannot load Fashion-MNIST: ${images.path} holds ${count} images but ${labels.path} holds ` +
        `${labels.dims[0]} labels, expected one label per image`,
    );
  }
  return { count, images: images.data, labels: labels.data };
}

/**
 * Downloads the four official `.gz` files into `dir`, each written atomically (temp file + rename).
 *
 * @param dir The destination folder.
 * @throws {Error} When the network is unreachable, with instructions to get the data another way.
 */
export async function downloadFashionMnist(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (const name of Object.values(FASHION_MNIST_FILES)) {
    const url = `${FASHION_MNIST_URL}${name}.gz`;
    let bytes: Uint8Array;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw new Error(
        noDataMessage(`downloading ${url} failed: ${error instanceof Error ? error.message : error}`),
      );
    }
    await writeFileAtomic(join(dir, `${name}.gz`), bytes);
  }
}

function noDataMessage(reason: string): string {
  return `Cannot load Fashion-MNIST: no local copy was found and ${reason}. Get the data with one of: ` +
    `\`apt-get install dataset-fashion-mnist\` (files in ${DEBIAN_DATA_DIR}); copy the four *-ubyte.gz files into ` +
    `${REPO_DATA_DIR}; or pass --data DIR / set FASHION_MNIST_DIR to a folder holding them`;
}

async function filePath(dir: string, name: string): Promise<string | undefined> {
  for (const candidate of [join(dir, `${name}.gz`), join(dir, name)]) {
    try {
      if ((await Deno.stat(candidate)).isFile) return candidate;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return undefined;
}

async function missingFiles(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const name of Object.values(FASHION_MNIST_FILES)) {
    if ((await filePath(dir, name)) === undefined) missing.push(name);
  }
  return missing;
}
