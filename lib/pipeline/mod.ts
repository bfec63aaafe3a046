/**
 * The report's pipelines: configuration, run data, the stage graph and its cache, methods, the scheduler,
 * progress, the results schema and the `reproduce` orchestration.
 *
 * @module
 */
export * from "./cache.ts";
export * from "./code_version.ts";
export * from "./config.ts";
export * from "./data.ts";
export * from "./graph.ts";
export * from "./manifest.ts";
export * from "./method.ts";
export * from "./notes.ts";
export * from "./progress.ts";
export * from "./reproduce.ts";
export * from "./results.ts";
export * from "./schedule.ts";
export * from "./sweep.ts";
export * from "./train_on_split.ts";
