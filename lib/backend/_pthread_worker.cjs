// Entry point of tfjs-backend-wasm's pthread workers under Deno (see _threads.ts). tfjs hands emscripten
// its worker script and main script as blob URLs, which Deno's node:worker_threads cannot load; this file
// runs tfjs's worker script instead, with the globals emscripten's Node.js code assigns made writable and
// blob URLs mapped to the main script's file.
"use strict";
const { workerData } = require("node:worker_threads");
const { wasmWorkerContents } = require(workerData.workerScript);
for (
  const key of ["self", "location", "Worker", "importScripts", "postMessage", "performance", "onmessage"]
) {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, key);
  if (descriptor === undefined || descriptor.writable) continue;
  Object.defineProperty(globalThis, key, {
    value: globalThis[key],
    writable: true,
    configurable: true,
    enumerable: true,
  });
}
URL.createObjectURL = () => workerData.mainScript;
URL.revokeObjectURL = () => {};
globalThis.require = require;
globalThis.__filename = __filename;
// tfjs escapes newlines the same way before it makes its blob.
(0, eval)(wasmWorkerContents.replace(/\n/g, "\\n"));
