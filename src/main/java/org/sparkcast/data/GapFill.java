package org.sparkcast.data;

/** How missing grid steps up to the maximum gap are imputed: linear interpolation, forward fill, or not at all (every gap splits). */
public enum GapFill {
    LINEAR, FORWARD, NONE
}
