package org.sparkcast.data;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** One local[2] SparkSession for every test class in the JVM (Kryo with registrationRequired=true and every Sparkcast class registered, no UI). */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSessionFactory.create("sparkcast-tests", "local[2]", Map.of(
                    "spark.driver.memory", "1g",
                    "spark.sql.shuffle.partitions", "2",
                    "spark.default.parallelism", "2",
                    // the superset: also what training and evaluation ship
                    "spark.kryo.registrator", "org.sparkcast.train.TrainingKryoRegistrator"));
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
