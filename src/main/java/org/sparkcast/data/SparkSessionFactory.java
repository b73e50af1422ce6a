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
        // Kryo with every shipped class registered is not negotiable; the rest are defaults that
        // spark-submit's --conf or the config's spark.* keys may override.
        return new SparkConf()
                .setAppName(appName)
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrationRequired", "true")
                .setIfMissing("spark.kryo.registrator", KryoRegistration.class.getName())
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.sql.shuffle.partitions", "2")
                .setIfMissing("spark.sql.adaptive.enabled", "false");
    }

    /**
     * A session with {@link #defaults} and the passthrough; the master is spark-submit's (a {@code spark.master}
     * system property), else the passthrough's, else {@code master}. A local master keeps the driver on 127.0.0.1.
     */
    public static SparkSession create(String appName, String master, Map<String, String> sparkPassthrough) {
        SparkSession session = SparkSession.builder().config(conf(appName, master, sparkPassthrough)).getOrCreate();
        SparkProgress.attach(session.sparkContext(), PROGRESS_MILLIS);
        return session;
    }

    /** A Spark stage running longer than this prints a progress line this often ({@link SparkProgress}). */
    static final long PROGRESS_MILLIS = 10_000;

    /** The SparkConf {@link #create} uses. */
    public static SparkConf conf(String appName, String master, Map<String, String> sparkPassthrough) {
        SparkConf conf = defaults(appName);
        sparkPassthrough.forEach(conf::set);
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }
}
