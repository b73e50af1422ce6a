package org.sparkcast.data;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link ColumnMoments} gives Spark SQL's own count, avg, stddev_pop, min and max bit for bit (the scaling was fitted
 * with them, and models trained on it must not change): per group within one partition, and over all rows of several
 * partitions (partials merged in partition order).
 */
class ColumnMomentsTest {
    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("g", DataTypes.StringType, false),
            DataTypes.createStructField("v", DataTypes.DoubleType, false)));

    /** Rows of groups "a".."e" with values of very different sizes (where the order of additions shows). */
    private static List<Row> rows(Random random, int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = random.nextGaussian() * Math.pow(10, random.nextInt(12) - 4) + (random.nextInt(4) == 0 ? 1e6 : 0);
            rows.add(RowFactory.create(String.valueOf((char) ('a' + random.nextInt(5))), v));
        }
        return rows;
    }

    @Test
    void perGroupInOnePartitionEqualsSparkSqlBitForBit() {
        SparkSession spark = TestSpark.get();
        List<Row> rows = rows(new Random(3), 5000);
        Dataset<Row> ds = spark.createDataFrame(rows, SCHEMA).coalesce(1);
        for (Row r : ds.groupBy(col("g")).agg(count(col("v")), avg(col("v")), stddev_pop(col("v")), min(col("v")), max(col("v"))).collectAsList()) {
            ColumnMoments partial = new ColumnMoments(1);
            for (Row in : rows) {
                if (in.getString(0).equals(r.getString(0))) {
                    partial.add(new double[] {in.getDouble(1)}, 0);
                }
            }
            assertSame(r, 1, "group " + r.getString(0), ColumnMoments.merged(1, List.of(partial)));
        }
    }

    @Test
    void overSeveralPartitionsEqualsSparkSqlBitForBit() {
        SparkSession spark = TestSpark.get();
        List<Row> rows = rows(new Random(5), 6000);
        int partitions = 3;
        List<Double> values = rows.stream().map(in -> in.getDouble(1)).toList();
        Dataset<Row> ds = spark.createDataset(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(values, partitions).rdd(),
                Encoders.DOUBLE()).toDF("v");
        Row r = ds.agg(count(col("v")), avg(col("v")), stddev_pop(col("v")), min(col("v")), max(col("v"))).first();
        List<ColumnMoments> partials = new ArrayList<>();
        int per = rows.size() / partitions; // parallelize slices a list into equal consecutive runs
        for (int p = 0; p < partitions; p++) {
            ColumnMoments m = new ColumnMoments(1);
            for (Row in : rows.subList(p * per, (p + 1) * per)) {
                m.add(new double[] {in.getDouble(1)}, 0);
            }
            partials.add(m);
        }
        assertSame(r, 0, "all rows", ColumnMoments.merged(1, partials));
    }

    /** count, avg, stddev_pop, min, max from column {@code first} of {@code spark}; doubles compared as bits (-0.0 is not 0.0). */
    private static void assertSame(Row spark, int first, String what, ColumnMoments m) {
        assertEquals(spark.getLong(first), m.count, "count of " + what);
        double[] ours = {m.means()[0], m.populationStd()[0], m.min[0], m.max[0]};
        String[] names = {"avg", "stddev_pop", "min", "max"};
        for (int i = 0; i < ours.length; i++) {
            double theirs = spark.getDouble(first + 1 + i);
            assertEquals(Double.doubleToRawLongBits(theirs), Double.doubleToRawLongBits(ours[i]),
                    names[i] + " of " + what + ": Spark " + theirs + ", ours " + ours[i] + ", difference " + (ours[i] - theirs));
        }
    }
}
