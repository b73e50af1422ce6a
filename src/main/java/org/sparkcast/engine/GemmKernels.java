package org.sparkcast.engine;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Locale;

/**
 * Chooses the GEMM kernel, once per JVM, and logs which one loaded so that a slow fallback is never
 * silent. {@code -Dsparkcast.gemm=auto|hybrid|native|vector|netlib-java|java} overrides the choice;
 * {@code auto} takes {@link HybridGemm} (the Vector API kernel for the long-reduction products, native
 * BLAS for the rest) when native BLAS (e.g. OpenBLAS through {@code libblas.so.3}) loads and the
 * Vector API is present, native BLAS alone when only it loads, else our blocked
 * Vector API kernel {@link VectorGemm} when the {@code jdk.incubator.vector} module is present (about
 * as fast as OpenBLAS on the engine's shapes), else the plain Java loops (warned: 10-30x slower).
 */
public final class GemmKernels {
    private static final System.Logger LOG = System.getLogger(GemmKernels.class.getName());
    /** System property naming the kernel. */
    public static final String PROPERTY = "sparkcast.gemm";
    /**
     * System property: threads the Java kernel may use for one large product (default 1, as a Spark
     * executor core trains one network). Native OpenBLAS takes its count from {@code OMP_NUM_THREADS}.
     */
    public static final String THREADS_PROPERTY = "sparkcast.gemm.threads";

    /** The kernels that can be asked for. */
    public enum Choice { AUTO, HYBRID, NATIVE, VECTOR, NETLIB_JAVA, JAVA }

    private static volatile Gemm selected;

    private GemmKernels() {
    }

    /** The kernel for this JVM, chosen on first use from {@value #PROPERTY} (default {@code auto}). */
    public static Gemm defaultKernel() {
        Gemm g = selected;
        if (g == null) {
            synchronized (GemmKernels.class) {
                if (selected == null) {
                    selected = create(parse(System.getProperty(PROPERTY, "auto")), Integer.getInteger(THREADS_PROPERTY, 1));
                }
                g = selected;
            }
        }
        return g;
    }

    /** Parses a kernel name such as {@code auto} or {@code netlib-java}. */
    public static Choice parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Choice.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + "='" + value + "' is not a kernel; expected auto, hybrid, native, vector, netlib-java or java", e);
        }
    }

    /** Creates the requested single-threaded kernel; see {@link #create(Choice, int)}. */
    public static Gemm create(Choice choice) {
        return create(choice, 1);
    }

    /**
     * Creates the requested kernel, its Java part using up to {@code threads} threads per product; an
     * explicitly requested kernel that cannot load is an error.
     */
    public static Gemm create(Choice choice, int threads) {
        Gemm g = load(choice, threads);
        LOG.log(System.Logger.Level.INFO, "GEMM kernel: " + g.name() + " (asked for " + choice.name().toLowerCase(Locale.ROOT)
                + "); activations: " + Activations.KIND.name().toLowerCase(Locale.ROOT));
        return g;
    }

    private static Gemm load(Choice choice, int threads) {
        switch (choice) {
            case NATIVE:
                return nativeKernel();
            case HYBRID:
                return new HybridGemm(vectorKernel(threads), nativeKernel());
            case VECTOR:
                return vectorKernel(threads);
            case NETLIB_JAVA:
                return netlibJava();
            case JAVA:
                return new JavaGemm();
            default:
                try {
                    Gemm nativeBlas = nativeKernel();
                    if (Activations.KIND == Activations.Kind.VECTOR) {
                        return new HybridGemm(new VectorGemm(threads), nativeBlas);
                    }
                    LOG.log(System.Logger.Level.WARNING, "Vector API not available (run with --add-modules=jdk.incubator.vector);"
                            + " native BLAS for every product, scalar activations");
                    return nativeBlas;
                } catch (RuntimeException | LinkageError e) {
                    LOG.log(System.Logger.Level.WARNING, "native BLAS not available (" + e.getMessage()
                            + "); install libopenblas0-openmp for the fast kernel. Falling back.");
                }
                if (Activations.KIND == Activations.Kind.VECTOR) {
                    return new VectorGemm(threads);
                }
                LOG.log(System.Logger.Level.WARNING, "Vector API not available (run with --add-modules=jdk.incubator.vector); using plain Java loops");
                return new JavaGemm();
        }
    }

    private static VectorGemm vectorKernel(int threads) {
        if (Activations.KIND != Activations.Kind.VECTOR) {
            throw new IllegalStateException(PROPERTY + "=vector or hybrid needs the JVM flag --add-modules=jdk.incubator.vector");
        }
        return new VectorGemm(threads);
    }

    private static Gemm nativeKernel() {
        BLAS blas = NativeBLAS.getInstance();
        return new NetlibGemm(blas, "netlib-native");
    }

    private static Gemm netlibJava() {
        BLAS blas = JavaBLAS.getInstance();
        return new NetlibGemm(blas, "netlib-" + blas.getClass().getSimpleName().replace("BLAS", "").toLowerCase(Locale.ROOT));
    }
}
