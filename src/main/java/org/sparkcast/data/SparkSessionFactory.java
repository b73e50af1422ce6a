package org.sparkcast.data;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds Sparkcast's SparkSession: Kryo with every shipped class registered and
 * {@code spark.kryo.registrationRequired=true}, no UI by default; {@code spark.*} settings from the config
 * file pass through and win.
 */
public final class SparkSessionFactory {
    private SparkSessionFactory() {
    }

    /** The defaults every Sparkcast session gets (tests and the CLI alike). */
    public static SparkConf defaults(String appName) {
        return new SparkConf()
                .setAppName(appName)
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrationRequired", "true")
                .set("spark.kryo.registrator", KryoRegistration.class.getName())
                .set("spark.ui.enabled", "false")
                .set("spark.sql.shuffle.partitions", "2")
                .set("spark.sql.adaptive.enabled", "false");
    }

    /** A session with {@link #defaults}, {@code master} unless the passthrough sets one, and the passthrough. */
    public static SparkSession create(String appName, String master, Map<String, String> sparkPassthrough) {
        SparkConf conf = defaults(appName);
        if (!sparkPassthrough.containsKey("spark.master")) {
            conf.setMaster(master);
        }
        sparkPassthrough.forEach(conf::set);
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
