/**
 * A tfjs `IOHandler` that saves model artifacts to a folder with Deno's file API (tfjs's own `file://`
 * handler needs tfjs-node): a `model.json` in tfjs's layout plus one binary weight file, written atomically
 * and verified on load.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { sha256Hex, writeFileAtomic } from "../io/mod.ts";
import { join } from "../std.ts";

/** Name of the JSON file in the folder. */
export const MODEL_JSON = "model.json";

const WEIGHTS_FILE = /^weights\.[0-9a-f]{16}\.bin$/;
const TEMP_FILE = /\.tmp-\d+-[0-9a-f]{8}$/;

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
};

/** What `model.json` holds beyond tfjs's `ModelJSON` fields. */
interface StoredModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology?: unknown;
  trainingConfig?: tf.io.TrainingConfig;
  userDefinedMetadata?: Record<string, unknown>;
  weightsManifest: tf.io.WeightsManifestConfig;
  /** SHA-256 of the concatenated weight files, hex. */
  weightsSha256?: string;
  /** Total bytes of the weight files. */
  weightsBytes?: number;
}

function weightBytes(specs: tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const spec of specs) {
    const perElement = spec.quantization
      ? (spec.quantization.dtype === "float16" ? 2 : 1)
      : BYTES_PER_ELEMENT[spec.dtype];
    total += spec.shape.reduce((a, b) => a * b, 1) * (perElement ?? 4);
  }
  return total;
}

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data);
}

/**
 * Returns an `IOHandler` that saves to and loads from the folder `dir`: `model.json` (tfjs's layout, plus
 * the SHA-256 and byte count of the weights) and `weights.<hash>.bin`. Saving writes the weight file, then
 * renames the new `model.json` into place (the commit point), then deletes stale weight files, so a process
 * killed mid-save leaves the previous save intact. Loading checks the JSON, the file sizes and the SHA-256
 * and names the file at fault.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { fileIOHandler } from "./file_io.ts";
 * import { initTensorBackend } from "../backend/wasm.ts";
 * import { assertEquals } from "../std.ts";
 * await initTensorBackend();
 * const dir = await Deno.makeTempDir();
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
 * await model.save(fileIOHandler(dir));
 * const loaded = await tf.loadLayersModel(fileIOHandler(dir));
 * assertEquals(loaded.getWeights()[0].arraySync(), model.getWeights()[0].arraySync());
 * model.dispose();
 * loaded.dispose();
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param dir The folder (created when missing).
 * @returns The handler, for `model.save(…)` and `tf.loadLayersModel(…)`.
 */
export function fileIOHandler(dir: string): tf.io.IOHandler {
  return {
    save: (artifacts) => saveArtifacts(dir, artifacts),
    load: () => loadArtifacts(dir),
  };
}

async function saveArtifacts(dir: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new TypeError("Cannot save model: a binary modelTopology is not supported, pass the JSON topology");
  }
  await Deno.mkdir(dir, { recursive: true });
  const bytes = joinWeightData(artifacts.weightData);
  const sha = await sha256Hex(bytes);
  const weightsFile = `weights.${sha.slice(0, 16)}.bin`;
  await writeFileAtomic(join(dir, weightsFile), bytes);
  const json: StoredModelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    trainingConfig: artifacts.trainingConfig,
    userDefinedMetadata: artifacts.userDefinedMetadata,
    weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
    weightsSha256: sha,
    weightsBytes: bytes.length,
  };
  await writeFileAtomic(join(dir, MODEL_JSON), new TextEncoder().encode(JSON.stringify(json)));
  for await (const entry of Deno.readDir(dir)) {
    const stale = (WEIGHTS_FILE.test(entry.name) && entry.name !== weightsFile) || TEMP_FILE.test(entry.name);
    if (entry.isFile && stale) await Deno.remove(join(dir, entry.name)).catch(() => {});
  }
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: "JSON",
      modelTopologyBytes: json.modelTopology === undefined ? 0 : JSON.stringify(json.modelTopology).length,
      weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
      weightDataBytes: bytes.length,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function loadArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const jsonPath = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await Deno.readTextFile(jsonPath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot load model: ${jsonPath} does not exist`);
    }
    throw error;
  }
  let json: StoredModelJson;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `Cannot load model: ${jsonPath} is not valid JSON (truncated or garbled): ${(error as Error).message}`,
    );
  }
  const manifest = isRecord(json) ? json.weightsManifest : undefined;
  const groupsOk = Array.isArray(manifest) &&
    manifest.every((group) =>
      isRecord(group) && Array.isArray(group.paths) && Array.isArray(group.weights) &&
      group.paths.every((p) => typeof p === "string" && /^[\w.-]+$/.test(p) && p !== "." && p !== "..")
    );
  if (!groupsOk) {
    throw new Error(
      `Cannot load model: ${jsonPath} has no valid weightsManifest (expected [{ paths: [file names], weights: [...] }])`,
    );
  }
  const specs = manifest!.flatMap((group) => group.weights);
  const parts: Uint8Array[] = [];
  for (const path of manifest!.flatMap((group) => group.paths)) {
    const file = join(dir, path);
    try {
      parts.push(await Deno.readFile(file));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new Error(`Cannot load model: ${file}, listed in ${jsonPath}, does not exist`);
      }
      throw error;
    }
  }
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    bytes.set(p, offset);
    offset += p.length;
  }
  const files = manifest!.flatMap((group) => group.paths).map((p) => join(dir, p)).join(", ");
  const expected = json.weightsBytes ?? weightBytes(specs);
  if (total !== expected) {
    throw new Error(
      `Cannot load model: ${files} has ${total} bytes, expected ${expected} from ${jsonPath} (truncated or replaced)`,
    );
  }
  if (json.weightsSha256 !== undefined) {
    const sha = await sha256Hex(bytes);
    if (sha !== json.weightsSha256) {
      throw new Error(
        `Cannot load model: ${files} has SHA-256 ${sha}, expected ${json.weightsSha256} from ${jsonPath} (garbled)`,
      );
    }
  }
  return {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts["modelTopology"],
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    trainingConfig: json.trainingConfig,
    userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts["userDefinedMetadata"],
    weightSpecs: specs,
    weightData: bytes.buffer,
  };
}
