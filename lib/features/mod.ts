/**
 * Hand-crafted image descriptors: {@linkcode hog} (Histogram of Oriented Gradients, matching
 * scikit-image 0.19) for batches of 28×28 Fashion-MNIST images.
 *
 * @module
 */
export * from "./hog.ts";
