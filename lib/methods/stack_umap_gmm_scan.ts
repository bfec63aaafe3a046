/**
 * `stack-umap-gmm-scan`: the inductive feature-stack mixture's clusters of the training rows refined by
 * SCAN's clustering step (Van Gansbeke et al. 2020) on the same stacked rows; the validation and test rows
 * are clustered by the network alone (inductive only).
 *
 * @module
 */
import { defineMethod, protocolRow } from "../pipeline/mod.ts";
import { stackScanInductiveStage } from "../stages/mod.ts";
import { STACK_COMPARISONS } from "./_published.ts";
import { STACK_REASONS } from "./stack_umap_gmm.ts";

/** SCAN's refinement of the feature-stack mixture. */
export const stackUmapGmmScan = defineMethod({
  id: "stack-umap-gmm-scan",
  label: (config) => {
    const scan = config.beyond.stack.scan;
    return "The inductive feature-stack mixture's clusters refined by SCAN's neighbour-consistency loss " +
      `(${scan.nNeighbors} neighbours, MLP ${scan.hiddenUnits} units, ${scan.warmEpochs} + ${scan.epochs} epochs; inductive)`;
  },
  protocol: "inductive",
  section: "beyond",
  notebook: "10-scan",
  stages: { scan: stackScanInductiveStage },
  row: ({ scan }, context) => protocolRow("inductive", scan, context, scan.json),
  published: STACK_COMPARISONS,
  reasons: {
    ...STACK_REASONS,
    "beyond.stack.scan.entropyWeight": "5: a weight of 3 scored lower on validation (one prototype run)",
    "beyond.stack.scan.warmEpochs":
      "started from the mixture's clusters: from random weights SCAN scored far lower",
    "beyond.stack.scan.epochs": "10: as good as 20 on validation, for half the time",
    "beyond.stack.scan.nInit": "three networks, the lowest consistency loss kept: it avoids most collapses",
  },
});
