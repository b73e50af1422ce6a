package org.sparkcast.data;

import java.util.Collection;
import java.util.Locale;

/** The closest of some known names to a wanted one (case-insensitive edit distance), for "did you mean". */
public final class NearestName {
    private NearestName() {
    }

    /** The candidate nearest to {@code wanted}, or {@code null} if none is within half its length. */
    public static String of(String wanted, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = wanted.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, wanted.length() / 2) ? best : null;
    }

    /** A "; did you mean 'x'?" suffix, or the empty string. */
    public static String hint(String wanted, Collection<String> candidates) {
        String near = of(wanted, candidates);
        return near == null ? "" : "; did you mean '" + near + "'?";
    }

    private static int distance(String a, String b) {
        // Levenshtein over two rolling rows
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
