package org.sparkcast.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Appends the {@link Split} ordinal of each cleaned step as a column {@code split}. */
public final class SplitTagger implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final SplitBoundaries boundaries;

    public SplitTagger(SplitBoundaries boundaries) {
        this.boundaries = boundaries;
    }

    static StructType schema(DataConfig config) {
        List<StructField> f = new ArrayList<>(List.of(SeriesCleaner.schema(config).fields()));
        f.add(DataTypes.createStructField("split", DataTypes.IntegerType, false));
        return DataTypes.createStructType(f);
    }

    @Override
    public Row call(Row r) {
        Object[] v = new Object[r.length() + 1];
        for (int i = 0; i < r.length(); i++) {
            v[i] = r.get(i);
        }
        v[r.length()] = boundaries.of(r.getString(0), r.getLong(2)).ordinal();
        return RowFactory.create(v);
    }
}
