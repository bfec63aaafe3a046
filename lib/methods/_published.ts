/**
 * Published numbers the methods are compared with, each given once (several methods cite the same ones).
 *
 * @module
 */
import type { PublishedResult, Reference } from "../pipeline/mod.ts";

/** N2D's Fashion-MNIST result (McConville et al., 2020). */
export const N2D: PublishedResult = {
  name: "N2D",
  runs: "1 (released weights)",
  compute: "GPU; 1,000 autoencoder pretraining epochs",
  acc: 0.672,
  nmi: 0.684,
  protocol: "transductive",
  source:
    "N2D (McConville et al., 2020, arXiv:1908.05968): dense autoencoder → UMAP(10) → GMM, all 70k images",
};

/** DEC's Fashion-MNIST numbers, as N2D reports them. */
export const DEC_BY_N2D: PublishedResult = {
  name: "DEC (by N2D)",
  runs: "1",
  compute: "GPU",
  acc: 0.618,
  nmi: 0.651,
  protocol: "transductive",
  source: "DEC as reported by N2D (McConville et al., 2020), all 70k images",
};

/** The dense autoencoder + KMeans baseline, as N2D reports it. */
export const AE_KMEANS_BY_N2D: PublishedResult = {
  name: "AE + KMeans (by N2D)",
  runs: "1",
  compute: "GPU",
  acc: 0.606,
  nmi: 0.637,
  protocol: "transductive",
  source:
    "AE + KMeans (dense 784-500-500-2000-10) as reported by N2D (McConville et al., 2020), all 70k images",
};

/** ClusterGAN's Fashion-MNIST accuracy (mean over 10 runs). */
export const CLUSTER_GAN: PublishedResult = {
  name: "ClusterGAN",
  runs: "10 (mean)",
  compute: "GPU",
  acc: 0.612,
  protocol: "transductive",
  source: "ClusterGAN (Mukherjee et al., 2019): ACC 0.612 ± 0.023, all 70k images",
};

/** DCCS's Fashion-MNIST numbers (Zhao et al., ECCV 2020), with augmentation, as they are cited. */
export const DCCS: PublishedResult = {
  name: "DCCS",
  runs: "1",
  compute: "GPU; augmentation",
  acc: 0.756,
  nmi: 0.704,
  protocol: "transductive",
  source: "DCCS (ECCV 2020), as cited (not verified from the primary source here), all 70k images",
};

/** DECS's Fashion-MNIST NMI (IJCAI 2024). */
export const DECS: PublishedResult = {
  name: "DECS",
  runs: "1",
  compute: "GPU",
  nmi: 0.716,
  protocol: "transductive",
  source: "DECS (IJCAI 2024), as cited, all 70k images",
};

/**
 * Every published label-free Fashion-MNIST number the report compares with, once each: the rows of
 * REPORT.md's comparison table beside ours.
 */
export const PUBLISHED_RESULTS: readonly PublishedResult[] = [
  DCCS,
  DECS,
  N2D,
  DEC_BY_N2D,
  CLUSTER_GAN,
  AE_KMEANS_BY_N2D,
];

/** The published rows the feature-stack rows are compared with (both protocols). */
export const STACK_COMPARISONS: readonly PublishedResult[] = [
  {
    ...N2D,
    source:
      "N2D (McConville et al., 2020): released weights after 1,000 pretraining epochs, one seed, all 70k images",
  },
  DEC_BY_N2D,
  CLUSTER_GAN,
];

/** The report's test AMI of KMeans on the raw pixels. */
export const REPORT_KMEANS_RAW: Reference = {
  ami: 0.5001,
  source: "The report: KMeans (k=10) on raw pixels, fit on train, test AMI",
};

/** The report's test AMI of KMeans on its autoencoder's encodings. */
export const REPORT_AE_KMEANS: Reference = {
  ami: 0.5171,
  source: "The report: 12-layer convolutional autoencoder encodings clustered by KMeans, test AMI",
};

/** The report's test AMI of a Gaussian mixture on its autoencoder's encodings. */
export const REPORT_AE_GMM: Reference = {
  ami: 0.5449,
  source: "The report: the same encodings clustered by a Gaussian mixture, test AMI",
};
