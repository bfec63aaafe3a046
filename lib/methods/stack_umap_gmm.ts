/**
 * `stack-umap-gmm` and `stack-umap-gmm-transductive`: a stack of three feature blocks, no network
 * training — HOG descriptors, first-order scattering coefficients and Coates & Ng's patch k-means features,
 * each reduced by its own PCA and scaled to unit RMS norm — then UMAP and a full-covariance Gaussian
 * mixture, under both protocols.
 *
 * @module
 */
import {
  defineMethod,
  type Protocol,
  protocolRow,
  type ReproduceConfig,
  STACK_BLOCK_NAMES,
} from "../pipeline/mod.ts";
import { stackUmapGmmInductiveStage, stackUmapGmmTransductiveStage } from "../stages/mod.ts";
import { STACK_COMPARISONS } from "./_published.ts";

/** The stack's one-line reasons (its settings are shared by the SCAN row). */
export const STACK_REASONS: Readonly<Record<string, string>> = {
  "beyond.stack.blocks":
    "HOG + scattering + patch k-means: the best validation NMI and ACC of the stacks measured",
  "beyond.stack.scattering": "first order, J = 3, log-scaled: better than J = 2 and than raw coefficients",
  "beyond.stack.patches": "Coates & Ng's sizes: 64 or 256 atoms, a 3×3 grid and 5×5 patches scored lower",
  "beyond.stack.umap.nNeighbors":
    "10: above N2D's 20 on the pixel stack; on the descriptors 20 traded NMI for ACC",
  "beyond.stack.umap.nEpochs": "500, umap-learn's small-data default: higher validation ACC than 200",
  "beyond.stack.umap.gmmNInit":
    "10 EM starts: fewer lose ACC, more did not gain when picked on held-out rows",
  "beyond.stack.umap.gmmSelectOn": "held-out likelihood follows validation ACC; the fitted rows' does not",
};

/** The stack row's label under a protocol. */
function stackLabel(config: ReproduceConfig, protocol: Protocol): string {
  const { blocks, pcaComponents, umap } = config.beyond.stack;
  return `Feature stack (${
    blocks.map((b) => STACK_BLOCK_NAMES[b]).join(" + ")
  }, PCA ${pcaComponents} each) + ` +
    `UMAP (${umap.nNeighbors} neighbours${umap.nEpochs === undefined ? "" : `, ${umap.nEpochs} epochs`}) + ` +
    `Gaussian mixture (${protocol})`;
}

function stackMethod(protocol: Protocol) {
  return defineMethod({
    id: protocol === "inductive" ? "stack-umap-gmm" : "stack-umap-gmm-transductive",
    label: (config) => stackLabel(config, protocol),
    protocol,
    section: "beyond",
    notebook: "09-feature-stack",
    stages: {
      mixture: protocol === "inductive" ? stackUmapGmmInductiveStage : stackUmapGmmTransductiveStage,
    },
    row: ({ mixture }, context) => protocolRow(protocol, mixture, context, mixture.json),
    published: STACK_COMPARISONS,
    reasons: STACK_REASONS,
  });
}

/** The feature stack's mixture, inductive. */
export const stackUmapGmm = stackMethod("inductive");

/** The feature stack's mixture, transductive. */
export const stackUmapGmmTransductive = stackMethod("transductive");
