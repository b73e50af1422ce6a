package org.sparkcast.data;

/** How a categorical column becomes input features: one 0/1 column per level (missing: all zero), or one column holding the level number (missing: 0, levels 1..n). */
public enum CategoricalEncoding {
    ONE_HOT, INDEX
}
