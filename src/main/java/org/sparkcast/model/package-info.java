/**
 * The model directory: the format a trained model is written in by {@code train} and read back by
 * {@code forecast} and {@code evaluate} — versions of a JSON manifest and the parameters as little-endian float32,
 * a {@code CURRENT} pointer switched atomically, a CRC32C of the parameters checked on every read, and manifest
 * fields validated with the file and field named in every error.
 */
package org.sparkcast.model;
