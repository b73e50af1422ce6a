package org.sparkcast.engine;

import java.util.Objects;

/**
 * The shape of a network: a stack of L recurrent layers of one cell type (each uni- or bidirectional)
 * followed by a linear head from the top layer's {@code H*D} outputs to O outputs. Immutable and
 * validated; a plain final class (not a record) so that Spark's Kryo can ship it.
 */
public final class NetworkSpec implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final CellType cell;
    private final int inputSize;
    private final int hiddenSize;
    private final int layers;
    private final Directionality directionality;
    private final int outputSize;
    private final LossKind loss;

    public NetworkSpec(CellType cell, int inputSize, int hiddenSize, int layers,
                       Directionality directionality, int outputSize, LossKind loss) {
        this.cell = Objects.requireNonNull(cell, "cell");
        this.directionality = Objects.requireNonNull(directionality, "directionality");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.inputSize = positive("inputSize", inputSize);
        this.hiddenSize = positive("hiddenSize", hiddenSize);
        this.layers = positive("layers", layers);
        this.outputSize = positive("outputSize", outputSize);
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
        return value;
    }

    public CellType cell() { return cell; }
    /** I. */
    public int inputSize() { return inputSize; }
    /** H. */
    public int hiddenSize() { return hiddenSize; }
    /** L. */
    public int layers() { return layers; }
    public Directionality directionality() { return directionality; }
    /** D. */
    public int directions() { return directionality.directions(); }
    /** O. */
    public int outputSize() { return outputSize; }
    public LossKind loss() { return loss; }

    /** Width of layer {@code l}'s input: I for the first layer, {@code H*D} above it. */
    public int layerInputSize(int layer) {
        return layer == 0 ? inputSize : hiddenSize * directions();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && cell == s.cell && inputSize == s.inputSize
                && hiddenSize == s.hiddenSize && layers == s.layers && directionality == s.directionality
                && outputSize == s.outputSize && loss == s.loss;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cell, inputSize, hiddenSize, layers, directionality, outputSize, loss);
    }

    @Override
    public String toString() {
        return cell.configName() + "(I=" + inputSize + ", H=" + hiddenSize + ", L=" + layers
                + (directionality == Directionality.BIDIRECTIONAL ? ", bidirectional" : "")
                + ", O=" + outputSize + ", " + loss.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
