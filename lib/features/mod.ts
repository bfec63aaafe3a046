/**
 * Hand-crafted image descriptors for batches of 28×28 Fashion-MNIST images: {@linkcode hog} (Histogram of
 * Oriented Gradients, matching scikit-image 0.19), {@linkcode scattering} (first-order Morlet scattering
 * coefficients, on the tensor backend) and {@linkcode PatchKMeansEncoder} (Coates & Ng's single-layer
 * k-means features of image patches, learnt without labels).
 *
 * @module
 */
export * from "./hog.ts";
export * from "./patch_kmeans.ts";
export * from "./scattering.ts";
