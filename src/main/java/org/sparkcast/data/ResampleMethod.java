package org.sparkcast.data;

/** How the rows that fall into one grid bucket become one step: their mean, or the last of them. */
public enum ResampleMethod {
    MEAN, LAST
}
