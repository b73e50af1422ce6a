package org.sparkcast.data;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers with Kryo every class that Spark ships for Sparkcast (shuffled keys and values, window
 * blocks, the cleaning's step blocks and summaries, cached objects), so that {@code spark.kryo.registrationRequired=true} holds. Spark's own
 * internal classes that its SQL operators ship are registered by name.
 */
public final class KryoRegistration implements KryoRegistrator {
    /** Spark-internal classes that reach Kryo in Sparkcast's jobs (found under registrationRequired=true). */
    private static final String[] SPARK_INTERNAL = {
        "org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema",
        "org.apache.spark.sql.catalyst.expressions.UnsafeRow",
        "org.apache.spark.sql.catalyst.InternalRow[]",
        "org.apache.spark.sql.types.StructType",
        "org.apache.spark.sql.types.StructField",
        "org.apache.spark.sql.types.StructField[]",
        "org.apache.spark.sql.types.Metadata",
        // the column types a schema may hold (a Parquet scan ships its files' schema, a user's file any of these)
        "org.apache.spark.sql.types.StringType$",
        "org.apache.spark.sql.types.TimestampType$",
        "org.apache.spark.sql.types.TimestampNTZType$",
        "org.apache.spark.sql.types.DateType$",
        "org.apache.spark.sql.types.IntegerType$",
        "org.apache.spark.sql.types.LongType$",
        "org.apache.spark.sql.types.ShortType$",
        "org.apache.spark.sql.types.ByteType$",
        "org.apache.spark.sql.types.DoubleType$",
        "org.apache.spark.sql.types.FloatType$",
        "org.apache.spark.sql.types.DecimalType",
        "org.apache.spark.sql.types.BooleanType$",
        "org.apache.spark.sql.types.BinaryType$",
        "org.apache.spark.sql.types.NullType$",
        "org.apache.spark.sql.types.ArrayType",
        "org.apache.spark.sql.types.MapType",
        "org.apache.spark.sql.execution.datasources.WriteTaskResult",
        "org.apache.spark.sql.execution.datasources.BasicWriteTaskStats",
        "org.apache.spark.sql.execution.datasources.ExecutedWriteSummary",
        "org.apache.spark.internal.io.FileCommitProtocol$TaskCommitMessage",
        "scala.collection.immutable.Set$EmptySet$",
        "scala.collection.immutable.Map$EmptyMap$",
        "scala.collection.immutable.ArraySeq$ofRef",
        "scala.reflect.ClassTag$GenericClassTag",
    };

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(WindowBlock.class);
        kryo.register(StepKey.class);
        kryo.register(StepBlock.class);
        kryo.register(SeriesSummary.class);
        kryo.register(ColumnMoments.class);
        kryo.register(byte[].class);
        kryo.register(float[].class);
        kryo.register(double[].class);
        kryo.register(boolean[].class);
        kryo.register(int[].class);
        kryo.register(long[].class);
        kryo.register(String[].class);
        kryo.register(Object[].class);
        for (String name : SPARK_INTERNAL) {
            try {
                kryo.register(forName(name));
            } catch (ClassNotFoundException e) {
                // not on this Spark version's classpath: nothing of it can be shipped either
            }
        }
    }

    private static Class<?> forName(String name) throws ClassNotFoundException {
        if (name.endsWith("[]")) {
            Class<?> element = Class.forName(name.substring(0, name.length() - 2), false, KryoRegistration.class.getClassLoader());
            return java.lang.reflect.Array.newInstance(element, 0).getClass();
        }
        return Class.forName(name, false, KryoRegistration.class.getClassLoader());
    }
}
