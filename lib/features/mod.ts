/**
 * Hand-crafted image descriptors for batches of 28×28 Fashion-MNIST images: {@linkcode hog} (Histogram of
 * Oriented Gradients, matching scikit-image 0.19) and {@linkcode scattering} (first-order Morlet scattering
 * coefficients, on the tensor backend).
 *
 * @module
 */
export * from "./hog.ts";
export * from "./scattering.ts";
