package org.sparkcast.cli;

import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;
import org.sparkcast.data.SparkSessionFactory;
import org.sparkcast.forecast.ForecastModel;
import org.sparkcast.forecast.ForecastSettings;
import org.sparkcast.train.TrainingConfig;

/**
 * What {@code forecast} and {@code evaluate} share: options that are shorthands for config keys, the config
 * (validated before Spark starts), a Spark session, and the model loaded with its data schema.
 */
final class ModelCommand {
    /** The work of one command, given the session, the loaded model and the settings. */
    interface Work {
        void run(SparkSession session, ForecastModel model, ForecastSettings settings) throws IOException;
    }

    private ModelCommand() {
    }

    /**
     * Runs {@code work}; {@code shorthands} maps an option (e.g. {@code --horizon}) to the key it sets.
     * Returns the exit code ({@code --help} prints {@code usage}).
     */
    static int run(String name, String[] args, String usage, Map<String, String> shorthands, Work work) {
        OptionParser.Parsed options = OptionParser.withConfig(name, usage).shorthands(shorthands).parse(args);
        if (options.answered()) {
            return ExitCode.OK.code();
        }
        Properties props = options.config();
        TrainingConfig train = TrainingConfig.fromProperties(props);
        ForecastSettings settings = ForecastSettings.fromProperties(props);
        SparkSession session = SparkSessionFactory.create("sparkcast " + name, train.master(), TrainCommand.sparkSettings(props));
        try {
            ForecastModel model = ForecastModel.load(settings.modelDir(), session.sparkContext().hadoopConfiguration(), props);
            work.run(session, model, settings);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read or write " + e.getMessage(), e);
        } finally {
            session.stop();
        }
        return ExitCode.OK.code();
    }
}
