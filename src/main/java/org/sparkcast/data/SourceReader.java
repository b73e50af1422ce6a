package org.sparkcast.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.input_file_name;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the configured files through Spark SQL with every cell as text, so that {@link RowParser} can
 * name the exact cell that fails. The result has the columns of {@link #layout}: file, block start,
 * then series key, time, numeric and categorical columns in config order.
 */
public final class SourceReader {
    private SourceReader() {
    }

    /** Every file matched by {@code data.paths}; a path or glob that matches nothing is an error. */
    public static List<String> resolve(SparkSession spark, SourceSpec source) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> files = new ArrayList<>();
        for (String p : source.paths) {
            try {
                Path path = new Path(p);
                FileStatus[] matches = path.getFileSystem(conf).globStatus(path);
                if (matches == null || matches.length == 0) {
                    throw new InvalidDataException("empty input: " + DataKeys.PATHS + " entry '" + p + "' matches no file");
                }
                for (FileStatus s : matches) {
                    if (s.isFile()) {
                        files.add(s.getPath().toString());
                    } else {
                        addDirectory(s.getPath().getFileSystem(conf), s.getPath(), files);
                    }
                }
            } catch (IOException e) {
                throw new InvalidDataException("cannot list " + DataKeys.PATHS + " entry '" + p + "': " + e.getMessage());
            }
        }
        files.sort(null);
        return List.copyOf(files);
    }

    private static void addDirectory(FileSystem fs, Path dir, List<String> files) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (s.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                files.add(s.getPath().toString());
            }
        }
    }

    /** The raw rows of {@code files}, columns checked and ordered as {@link #layout} says. */
    public static Dataset<Row> read(SparkSession spark, DataConfig config, List<String> files) {
        SourceSpec src = config.source();
        DataFrameReader reader = spark.read();
        Dataset<Row> df;
        String[] paths = files.toArray(new String[0]);
        if (src.format == FileFormat.CSV) {
            df = reader.format("csv").option("sep", src.separator).option("quote", src.quote)
                    .option("header", src.header).option("encoding", src.encoding).option("inferSchema", false)
                    .option("mode", "PERMISSIVE").option("enforceSchema", false).load(paths);
        } else {
            df = reader.parquet(paths);
        }
        List<String> present = Arrays.asList(df.columns());
        List<Column> selected = new ArrayList<>();
        selected.add(input_file_name().as("_file"));
        selected.add(input_file_block_start().as("_block"));
        for (String name : layout(config)) {
            if (!present.contains(name)) {
                throw new InvalidDataException("missing column '" + name + "' in " + files.get(0)
                        + (files.size() > 1 ? " (and " + (files.size() - 1) + " more files)" : "")
                        + NearestName.hint(name, present) + " (columns: " + present + ")");
            }
            selected.add(col("`" + name.replace("`", "``") + "`").cast("string"));
        }
        for (String c : new CellParser(src).columnsWithMarkers()) {
            if (!layout(config).contains(c)) {
                throw new InvalidDataException(DataKeys.COLUMN_NULL_MARKERS + " names column '" + c + "', which is not read"
                        + NearestName.hint(c, layout(config)));
            }
        }
        return df.select(selected.toArray(new Column[0]));
    }

    /** The source columns read, in order: series key columns, time columns, numeric columns, categorical columns. */
    public static List<String> layout(DataConfig config) {
        SourceSpec src = config.source();
        List<String> names = new ArrayList<>();
        if (src.seriesSource == SeriesSource.COLUMNS) {
            names.addAll(src.seriesColumns);
        }
        names.addAll(src.timeSource == TimeSource.COLUMNS ? src.timeColumns : src.timeParts);
        names.addAll(config.features().numericColumns());
        names.addAll(config.features().categorical());
        return names;
    }
}
