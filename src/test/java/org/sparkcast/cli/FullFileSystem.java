package org.sparkcast.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A local filesystem under the scheme {@code full:} whose disk fills up: a file accepts its first
 * {@value #QUOTA_BYTES} bytes, then every write fails as a full disk does ({@code No space left on device}).
 * Registered with {@code spark.hadoop.fs.full.impl}; a lock file or a small report fits, a checkpoint does not.
 * It is a checksummed filesystem over a raw one, like Hadoop's {@code file:}, but neither of Hadoop's local classes,
 * so writers take their general Hadoop path (the one HDFS and object stores take).
 */
public final class FullFileSystem extends ChecksumFileSystem {
    static final int QUOTA_BYTES = 1024;

    public FullFileSystem() {
        super(new Raw());
    }

    /** The raw local filesystem under the {@code full:} scheme, with the quota. */
    static final class Raw extends RawLocalFileSystem {

    @Override
    public URI getUri() {
        return URI.create("full:///");
    }

    @Override
    public String getScheme() {
        return "full";
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        return filling(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
                                     long blockSize, Progressable progress) throws IOException {
        return filling(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    private FSDataOutputStream filling(FSDataOutputStream real) {
        OutputStream full = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > QUOTA_BYTES) {
                    throw new IOException("No space left on device");
                }
                real.write(b, off, len);
                written += len;
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
        return new FSDataOutputStream(full, null);
    }
    }
}
