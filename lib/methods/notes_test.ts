import { type MethodResult, summarize, trainingNotes } from "../pipeline/mod.ts";
import { assert, assertEquals } from "../std.ts";
import {
  aeDec,
  aeGmmUnscaled,
  aeIdec,
  aeKMeansUnscaled,
  aeUmapGmm,
  aeUmapGmmTransductive,
  METHODS,
} from "./mod.ts";

/** The notes of every method of the registry, in its order, given these results. */
function evidenceNotes(results: MethodResult[]): string[] {
  return METHODS.flatMap((m) => {
    const self = results.find((r) => r.id === m.id);
    return self && m.notes ? m.notes(self, results) : [];
  });
}

function method(
  id: string,
  ami: number[],
  reference: number,
  perSeed: Record<string, unknown>[],
): MethodResult {
  const s = summarize(ami);
  return {
    id,
    label: id,
    protocol: "inductive",
    seeds: [0, 1],
    metrics: { ami: s, nmi: s, ari: s, acc: s },
    reference: { ami: reference, source: "test" },
    details: { perSeed },
  };
}

Deno.test("Method.notes of the unscaled rows state the faithful and chosen pipelines' numbers from the results", () => {
  const candidates = [{ name: "none", validationAmi: 0.47 }, { name: "l2", validationAmi: 0.57 }];
  const notes = evidenceNotes([
    method("ae-kmeans", [0.56, 0.54], 0.5171, [{ selected: "l2", candidates }, {
      selected: "l2",
      candidates,
    }]),
    method("ae-kmeans-unscaled", [0.46, 0.48], 0.5171, [{ features: 343 }, { features: 343 }]),
    method("ae-gmm", [0.58, 0.56], 0.5449, [{ selected: "l2+pca10/full" }, {
      selected: "standardize+pca10/full",
    }]),
    method("ae-gmm-unscaled", [0.53, 0.54], 0.5449, [
      { features: 343, covarianceType: "full" },
      { features: 343, covarianceType: "full" },
    ]),
  ]);
  const training = trainingNotes([{ epochs: 10, bestEpoch: 10 }, { epochs: 10, bestEpoch: 7 }]);
  assertEquals(notes.length, 2);
  assert(
    notes[0].includes("unscaled 343-d encodings (the report's protocol) reaches test AMI 0.4700 ± 0.0141"),
  );
  assert(notes[0].includes("below the report's 0.5171 by 0.0471"));
  assert(notes[0].includes("validation AMI unscaled → chosen: 0.4700 → 0.5700; 0.4700 → 0.5700"));
  assert(notes[0].includes("gives 0.5500 ± 0.0141, above the report's 0.5171 by 0.0329"));
  assert(notes[1].includes("58,996 free parameters per component"));
  assert(notes[1].includes("(l2+pca10/full, standardize+pca10/full)"));
  assert(training[0].includes("lowest at its last epoch for 1 of 2 seeds (best epochs 10, 7 of 10, 10)"));
});

Deno.test("Method.notes of the UMAP and self-training rows state the UMAP rows' autoencoder choice and DEC's convergence per seed", () => {
  const choice = (report: number, dense: number) => ({
    autoencoderChoice: {
      chosen: dense < report ? "dense" : "report",
      candidates: [
        { architecture: "report", bestValLoss: report },
        { architecture: "dense", bestValLoss: dense },
      ],
    },
  });
  const notes = evidenceNotes([
    method("ae-umap-gmm", [0.64, 0.65], 0, [choice(0.0164, 0.0139), choice(0.013, 0.014)]),
    method("ae-dec", [0.5, 0.51], 0, [
      { converged: false, history: [{ changed: 0.2 }, { changed: 0.0128 }] },
      { converged: true, history: [{ changed: 0.0005 }] },
    ]),
  ]);
  assertEquals(notes.length, 2);
  assert(
    notes[0].includes(
      "seed 0: dense (report 0.0164, dense 0.0139); seed 1: report (report 0.0130, dense 0.0140)",
    ),
    notes[0],
  );
  assert(notes[1].startsWith("DEC stopped at its batch cap"), notes[1]);
  assert(
    notes[1].includes("for 1 of 2 seeds (labels changed at the last target update: 1.3%, 0.1%)"),
    notes[1],
  );
  // A run that ended before its cap on the validation patience is counted apart.
  const settings = { maxIter: 700, patience: 2 };
  const [patienceNote] = evidenceNotes([
    method("ae-idec", [0.5, 0.51, 0.52], 0, [
      { converged: false, nIter: 700, settings, history: [{ changed: 0.03 }] },
      { converged: false, nIter: 420, settings, history: [{ changed: 0.04 }] },
      { converged: false, nIter: 420, settings, history: [{ changed: 0.05 }] },
    ]),
  ]);
  assert(
    patienceNote.startsWith(
      "IDEC stopped at its batch cap without reaching the label-change tolerance for 1 of 3 seeds, and " +
        "before it for 2, after 2 target updates without a better validation AMI (labels changed",
    ),
    patienceNote,
  );
});

Deno.test("Method.notes: the UMAP sentence is given once for both protocols", () => {
  const choice = {
    autoencoderChoice: { chosen: "dense", candidates: [{ architecture: "dense", bestValLoss: 0.0133 }] },
  };
  const inductive = method("ae-umap-gmm", [0.6], 0, [choice]);
  const transductive = method("ae-umap-gmm-transductive", [0.6], 0, [choice]);
  assertEquals(aeUmapGmmTransductive.notes!(transductive, [inductive, transductive]), []);
  assertEquals(aeUmapGmm.notes!(inductive, [inductive, transductive]).length, 1);
  assertEquals(aeUmapGmmTransductive.notes!(transductive, [transductive]).length, 1);
  // The sentences comparing a faithful row with its chosen variant need both.
  assertEquals(aeKMeansUnscaled.notes!(method("ae-kmeans-unscaled", [0.5], 0.5171, [{}]), []), []);
  assertEquals(aeGmmUnscaled.notes!(method("ae-gmm-unscaled", [0.5], 0.5449, [{}]), []), []);
  assertEquals([aeDec.notes, aeIdec.notes].every((n) => n !== undefined), true);
});
