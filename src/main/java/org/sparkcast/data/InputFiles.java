package org.sparkcast.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The provenance of a run's input files: path, size, modification time and a checksum — the filesystem's
 * own when it has one (HDFS: MD5 of CRCs), else SHA-256 of the bytes read on the driver while the inputs
 * total at most {@link #HASH_LIMIT_BYTES} (beyond that, size and time only, and the entry says so).
 */
final class InputFiles {
    static final long HASH_LIMIT_BYTES = 2L << 30;

    private InputFiles() {
    }

    static List<Map<String, Object>> describe(List<String> files, Configuration hadoop) {
        try {
            List<FileStatus> statuses = new ArrayList<>();
            long total = 0;
            for (String f : files) {
                Path p = new Path(f);
                FileStatus s = p.getFileSystem(hadoop).getFileStatus(p);
                statuses.add(s);
                total += s.getLen();
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (FileStatus s : statuses) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("path", s.getPath().toString());
                e.put("bytes", s.getLen());
                e.put("modified", Instant.ofEpochMilli(s.getModificationTime()).toString());
                FileSystem fs = s.getPath().getFileSystem(hadoop);
                FileChecksum own = fs.getFileChecksum(s.getPath());
                if (own != null) {
                    e.put("checksum", own.getAlgorithmName() + ":" + HexFormat.of().formatHex(own.getBytes()));
                } else if (total <= HASH_LIMIT_BYTES) {
                    e.put("checksum", "SHA-256:" + sha256(fs, s.getPath()));
                } else {
                    e.put("checksum", "not computed: inputs total " + total + " bytes, over " + HASH_LIMIT_BYTES);
                }
                out.add(e);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot describe the input files: " + e.getMessage(), e);
        }
    }

    private static String sha256(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
