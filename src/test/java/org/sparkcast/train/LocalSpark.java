package org.sparkcast.train;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One local Spark context for all training tests in this JVM ({@code local[2, 4]}: two cores, a task
 * may fail up to three times), with Kryo and {@code spark.kryo.registrationRequired=true}.
 */
final class LocalSpark {
    private static JavaSparkContext context;

    private LocalSpark() {
    }

    static synchronized JavaSparkContext get() {
        if (context == null) {
            SparkConf conf = new SparkConf()
                    .setMaster("local[2, 4]")
                    .setAppName("sparkcast-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .set("spark.kryo.registrationRequired", "true")
                    .set("spark.kryo.registrator", TrainingKryoRegistrator.class.getName())
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
            context = new JavaSparkContext(conf);
            Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
        }
        return context;
    }
}
