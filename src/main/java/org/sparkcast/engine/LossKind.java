package org.sparkcast.engine;

import java.util.Locale;

/** Which outputs the loss reads. */
public enum LossKind {
    /** Many-to-many: mean over all {@code T*B*O} squared errors; targets are {@code [T][B][O]}. */
    MSE_ALL_STEPS,
    /** Many-to-one: the head reads only the last step; mean over {@code B*O}; targets are {@code [B][O]}. */
    MSE_LAST_STEP;

    /** Parses {@code mse_all_steps} / {@code mse_last_step}. */
    public static LossKind fromConfigName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown loss '" + name + "'; expected mse_all_steps or mse_last_step", e);
        }
    }
}
