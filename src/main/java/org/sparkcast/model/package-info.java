/**
 * The model directory: the format a trained model is written in by {@code train} and read back by
 * {@code forecast} — a versioned JSON manifest and the parameters as little-endian float32.
 */
package org.sparkcast.model;
