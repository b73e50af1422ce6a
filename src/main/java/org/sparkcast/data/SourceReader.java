package org.sparkcast.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_block_start;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

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
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the configured files through Spark SQL with every cell as text, so that {@link RowParser} can
 * name the exact cell that fails (a Parquet value column of doubles or integers comes as doubles: nothing to parse). The result has the columns of {@link #layout}: file, block start,
 * then series key, time, numeric and categorical columns in config order, then {@link #MALFORMED}.
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
                        refuseEmpty(s);
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
                refuseEmpty(s);
                files.add(s.getPath().toString());
            }
        }
    }

    /** A 0-byte file is a mistake worth naming (an interrupted copy, a wrong glob), not a file without columns. */
    private static void refuseEmpty(FileStatus s) {
        if (s.getLen() == 0) {
            throw new InvalidDataException("file " + s.getPath() + " is empty (0 bytes): fill it, or leave it out of "
                    + DataKeys.PATHS);
        }
    }

    /** Name of the column that holds a malformed CSV record's raw text (null for a whole record). */
    static final String MALFORMED = "_sparkcast_malformed";

    /**
     * The raw rows, for CSV the record shape they were checked against (null for Parquet), and the files as their rows
     * name them ({@code _file}: Spark's own spelling of each path, which {@link RowParser} turns into an index).
     */
    record Raw(Dataset<Row> rows, RecordShape shape, List<String> files) {
    }

    /**
     * The raw rows of {@code files}: {@code _file, _block}, the columns of {@link #layout} as text, and
     * {@link #MALFORMED}. A CSV is read without Spark's header handling: the first record of the first
     * file gives the header (names and field count N), every file's own header line reaches
     * {@link RowParser} as the first record of its first block (which checks and skips it), and every
     * record whose field count is not N carries its raw text in {@link #MALFORMED} — Spark fills that
     * column only with an explicit schema and column pruning off, so both are set here.
     */
    static Raw read(SparkSession spark, DataConfig config, List<String> files) {
        SourceSpec src = config.source();
        for (String c : new CellParser(src).columnsWithMarkers()) {
            if (!layout(config).contains(c)) {
                throw new InvalidDataException(DataKeys.COLUMN_NULL_MARKERS + " names column '" + c + "', which is not read"
                        + NearestName.hint(c, layout(config)));
            }
        }
        String[] paths = files.toArray(new String[0]);
        if (src.format != FileFormat.CSV) {
            Dataset<Row> df = spark.read().parquet(paths);
            List<String> present = Arrays.asList(df.columns());
            List<Column> cols = new ArrayList<>();
            List<String> layout = layout(config);
            int firstNumeric = layout.size() - config.features().categorical().size() - config.features().numericColumns().size();
            for (int i = 0; i < layout.size(); i++) {
                String name = layout.get(i);
                checkPresent(name, present, files);
                boolean numeric = i >= firstNumeric && i < layout.size() - config.features().categorical().size();
                cols.add(col("`" + name.replace("`", "``") + "`").cast(numeric && exactAsDouble(df.schema().apply(name).dataType())
                        ? "double" : "string"));
            }
            return new Raw(select(df, cols, lit(null).cast("string")), null, List.of(df.inputFiles()));
        }
        List<String> first = firstRecord(csv(spark, src), files.get(0));
        if (first.isEmpty()) {
            throw new InvalidDataException("file " + files.get(0) + " holds only blank lines: no header, no rows");
        }
        List<String> names = new ArrayList<>();
        StructType schema = new StructType();
        for (int i = 0; i < first.size(); i++) {
            String h = first.get(i);
            names.add(src.header && h != null && !h.isEmpty() ? h : "_c" + i);
            schema = schema.add("_c" + i, DataTypes.StringType, true);
        }
        schema = schema.add(MALFORMED, DataTypes.StringType, true);
        Dataset<Row> df = csv(spark, src).schema(schema).option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", MALFORMED).option("columnPruning", false).load(paths);
        List<Column> cols = new ArrayList<>();
        List<String> header = new ArrayList<>();
        String separatorHint = separatorHint(names, src.separator);
        for (String name : layout(config)) {
            if (!names.contains(name) && !separatorHint.isEmpty()) {
                throw new InvalidDataException("missing column '" + name + "' in " + files.get(0) + ": the header is read as one column '"
                        + RecordShape.start(names.get(0)) + "'" + separatorHint);
            }
            checkPresent(name, names, files);
            if (names.indexOf(name) != names.lastIndexOf(name)) {
                throw new InvalidDataException("column '" + name + "' appears twice in the header of " + files.get(0)
                        + " (columns: " + names + ")");
            }
            cols.add(col("_c" + names.indexOf(name)));
            header.add(name);
        }
        RecordShape shape = new RecordShape(first, src.header ? header : null, files.get(0), src.separator, src.quote);
        return new Raw(select(df, cols, col(MALFORMED)), shape, List.of(df.inputFiles()));
    }

    /**
     * For a header read as a single column whose name holds another usual separator: {@code ; set data.csv.separator=;
     * to split it into 3 columns}; else the empty string.
     */
    static String separatorHint(List<String> names, String separator) {
        if (names.size() != 1) {
            return "";
        }
        for (String sep : List.of(";", "\\t", ",", "|")) {
            String real = sep.replace("\\t", "\t");
            if (!real.equals(separator) && names.get(0).contains(real)) {
                return "; set " + DataKeys.CSV_SEPARATOR + "=" + sep + " to split it into "
                        + names.get(0).split(java.util.regex.Pattern.quote(real), -1).length + " columns";
            }
        }
        return "";
    }

    /**
     * A Parquet number type whose every value a cast to double gives exactly as parsing its text would: doubles and
     * integers. Such a value column is read as a double ({@link RowParser} takes it as it is), others as text: a float's
     * text ("0.1") parses to another double than the float itself, so floats and decimals keep the text path.
     */
    private static boolean exactAsDouble(DataType type) {
        return type instanceof DoubleType || type instanceof IntegerType || type instanceof LongType || type instanceof ShortType
                || type instanceof ByteType;
    }

    private static DataFrameReader csv(SparkSession spark, SourceSpec src) {
        return spark.read().format("csv").option("sep", src.separator).option("quote", src.quote)
                .option("header", false).option("encoding", src.encoding).option("inferSchema", false);
    }

    /** The fields of the first record of {@code file} (null for an empty field); empty for an empty file. */
    private static List<String> firstRecord(DataFrameReader reader, String file) {
        List<Row> first = reader.load(file).limit(1).collectAsList();
        List<String> out = new ArrayList<>();
        if (!first.isEmpty()) {
            for (int i = 0; i < first.get(0).length(); i++) {
                out.add(first.get(0).getString(i));
            }
        }
        return out;
    }

    private static Dataset<Row> select(Dataset<Row> df, List<Column> layoutColumns, Column malformed) {
        List<Column> selected = new ArrayList<>();
        selected.add(input_file_name().as("_file"));
        selected.add(input_file_block_start().as("_block"));
        selected.addAll(layoutColumns);
        selected.add(malformed.as(MALFORMED));
        return df.select(selected.toArray(new Column[0]));
    }

    private static void checkPresent(String name, List<String> present, List<String> files) {
        if (!present.contains(name)) {
            throw new InvalidDataException("missing column '" + name + "' in " + files.get(0)
                    + (files.size() > 1 ? " (and " + (files.size() - 1) + " more files)" : "")
                    + NearestName.hint(name, present) + " (columns: " + present + ")");
        }
    }

    /** The source columns read, in order: series key columns, time columns, numeric columns, categorical columns. */
    public static List<String> layout(DataConfig config) {
        SourceSpec src = config.source();
        List<String> names = new ArrayList<>();
        if (src.seriesSource == SeriesSource.COLUMNS) {
            names.addAll(src.seriesColumns);
        }
        names.addAll(src.timeSource == TimeSource.COLUMNS ? src.timeColumns : src.timeParts);
        config.features().numericColumns().forEach(c -> names.add(FeatureSpec.sourceColumn(c)));
        names.addAll(config.features().categorical());
        return names;
    }
}
