/**
 * Atomic file writes: every artifact, checkpoint and report file goes through {@linkcode writeFileAtomic}.
 *
 * @module
 */

/**
 * Writes `data` to `path` atomically: to a temporary file in the same folder, flushed to disk, then renamed
 * over `path`, so a reader sees the old file or the new one, never a partial one; on failure the temporary
 * file is removed and any previous file is left intact.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./atomic_write.ts";
 * import { assertEquals, join } from "../std.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(join(dir, "a.txt"), "hello");
 * await writeFileAtomic(join(dir, "b.bin"), Uint8Array.of(1, 2));
 * assertEquals(await Deno.readTextFile(join(dir, "a.txt")), "hello");
 * assertEquals([...Deno.readDirSync(dir)].length, 2);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param path The destination.
 * @param data Text (written as UTF-8) or bytes.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const suffix = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, "0"))
    .join("");
  const temp = `${path}.tmp-${Deno.pid}-${suffix}`;
  try {
    const file = await Deno.open(temp, { write: true, create: true, truncate: true });
    try {
      let offset = 0;
      while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
      await file.sync();
    } finally {
      file.close();
    }
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}
