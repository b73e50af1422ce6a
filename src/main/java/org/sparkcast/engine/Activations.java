package org.sparkcast.engine;

/**
 * The cells' transcendental activations over contiguous runs of a {@code float[]}, vectorised:
 * <pre>
 * sigmoid(x) = 1 / (1 + exp(-x))        tanh(x) = (e^x - e^-x) / (e^x + e^-x)
 * </pre>
 * With the {@code jdk.incubator.vector} module present ({@code --add-modules=jdk.incubator.vector},
 * as the project's JVM flags have it) the work goes to {@link VectorActivations}: a polynomial exp from
 * exactly specified IEEE operations (the JDK's own {@code EXP}/{@code TANH} lane operations change their
 * last bit once the JIT compiles them, which broke bit-identical reruns), tanh as 2 sigmoid(2x) - 1,
 * within 2e-7 absolute of the double-precision functions and far faster than {@link Math#exp} per element. Without the
 * module, a scalar loop through {@link Math} in double, rounded to float. The choice is made once per
 * JVM and logged by {@link GemmKernels} next to the GEMM kernel.
 */
final class Activations {
    /** Which implementation runs. */
    enum Kind { VECTOR, SCALAR }

    static final Kind KIND = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? Kind.VECTOR : Kind.SCALAR;

    private Activations() {
    }

    /** {@code a[off .. off+n) = sigmoid(a[off .. off+n))} (read and written). */
    static void sigmoid(float[] a, int off, int n) {
        if (KIND == Kind.VECTOR) {
            VectorActivations.sigmoid(a, off, n);
        } else {
            for (int i = off; i < off + n; i++) {
                a[i] = (float) (1.0 / (1.0 + Math.exp(-a[i])));
            }
        }
    }

    /** {@code a[off .. off+n) = tanh(a[off .. off+n))} (read and written). */
    static void tanh(float[] a, int off, int n) {
        tanh(a, off, a, off, n);
    }

    /** {@code dst[dOff .. dOff+n) = tanh(src[sOff .. sOff+n))}: src read, dst written (may be the same run). */
    static void tanh(float[] src, int sOff, float[] dst, int dOff, int n) {
        if (KIND == Kind.VECTOR) {
            VectorActivations.tanh(src, sOff, dst, dOff, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst[dOff + i] = (float) Math.tanh(src[sOff + i]);
            }
        }
    }
}
