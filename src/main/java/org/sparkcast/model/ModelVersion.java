package org.sparkcast.model;

import java.time.Instant;
import java.util.List;

/**
 * What {@code sparkcast model list} and {@code show} say of one version, read from its manifest alone (the
 * parameters are not read). A driver-side record, never shipped to executors.
 *
 * @param name        the folder name under {@code versions/} ({@code 20261202T193512Z-3fa9c1}), or {@code (flat)} for
 *                    the older layout with the model's files directly in the model directory
 * @param folder      the folder holding {@code manifest.json} and {@code params.bin}
 * @param created     when it was written (the manifest's {@code created}, else the manifest file's modification time)
 * @param current     whether {@code CURRENT} names it (the flat model is current when there is no {@code CURRENT})
 * @param bestEpoch   the epoch whose model was kept; null when not recorded
 * @param loss        its validation loss (its training loss without validation data); null when not recorded
 * @param data        the dataset's name ({@code data.name}), or what the manifest says of synthetic windows
 * @param fingerprint 8 hex digits of CRC32C over the effective training and data config and the input files' checksums:
 *                    equal fingerprints mean the same settings on the same files
 * @param details     further lines for {@code show} (network, parameters, checksum, epochs, code version)
 * @param problem     why the manifest could not be read, or null
 */
public record ModelVersion(String name, String folder, Instant created, boolean current, Integer bestEpoch, Double loss,
                           String data, String fingerprint, List<String> details, String problem) {
    /** The flat layout's pseudo version name. */
    public static final String FLAT = "(flat)";
}
