package org.sparkcast.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The field count every CSV record must have, taken from the header (the first record of the first
 * file), and the header names each later file must repeat for the columns read.
 *
 * <p>Spark's CSV reader in PERMISSIVE mode pads a short record with nulls and truncates a long one; it
 * flags the record only in a corrupt-record column, and only with column pruning off (checked on
 * Spark 4.2: with pruning on, the tokenizer returns just the selected fields and never sees the
 * difference). {@link SourceReader} reads that way, and {@link RowParser} asks {@link #accepts} about
 * every flagged record ({@link Rule#MALFORMED_ROW}).
 *
 * <p>Trailing empty fields are not data, so two differences are accepted: extra fields after the last
 * header field that are all empty (a {@code ;;} tail the header lacks), and missing fields that the header
 * leaves unnamed at its end (a header with a {@code ;;} tail, a record without). Anything else is malformed.
 */
final class RecordShape implements Serializable {
    private static final long serialVersionUID = 1L;

    /** N: fields of the header. */
    final int fields;
    /** Fields up to and including the last named header field: a record needs at least these. */
    final int named;
    /** Header names of the columns read, in layout order; null when there is no header line to check. */
    final List<String> header;
    /** The file the header was read from (the first in sorted order). */
    final String firstFile;
    private final String separator;
    private final char quote;

    RecordShape(List<String> headerFields, List<String> header, String firstFile, String separator, String quote) {
        this.fields = headerFields.size();
        int last = 0;
        for (int i = 0; i < headerFields.size(); i++) {
            String h = headerFields.get(i);
            last = h != null && !h.isEmpty() ? i + 1 : last;
        }
        this.named = header == null ? fields : last;
        this.header = header == null ? null : List.copyOf(header);
        this.firstFile = firstFile;
        this.separator = separator;
        this.quote = quote.isEmpty() ? '\u0000' : quote.charAt(0);
    }

    /** A record with another field count that is still whole: the difference is only trailing empty fields. */
    boolean accepts(List<String> fieldsOfRecord) {
        int n = fieldsOfRecord.size();
        if (n < fields) {
            return n >= named;
        }
        for (int i = fields; i < n; i++) {
            if (!fieldsOfRecord.get(i).isBlank()) {
                return false;
            }
        }
        return n > fields;
    }

    /**
     * The fields of one raw record (a line), split at the separator outside quotes; a quote inside quotes
     * is escaped by doubling it or by a backslash (Spark's default escape). Values keep their quotes.
     */
    List<String> split(String record) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted && c == '\\' && i + 1 < record.length()) {
                cur.append(c).append(record.charAt(++i));
            } else if (c == quote && quote != '\u0000') {
                quoted = !quoted;
                cur.append(c);
            } else if (!quoted && record.startsWith(separator, i)) {
                out.add(cur.toString());
                cur.setLength(0);
                i += separator.length() - 1;
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** What a message shows of a raw record: at most 120 characters. */
    static String start(String record) {
        return record.length() <= 120 ? record : record.substring(0, 120) + "...";
    }
}
