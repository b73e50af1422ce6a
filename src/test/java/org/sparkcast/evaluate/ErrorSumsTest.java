package org.sparkcast.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkcast.evaluate.Forecasts.HOUR;
import static org.sparkcast.evaluate.Forecasts.T0;
import static org.sparkcast.evaluate.Forecasts.one;
import static org.sparkcast.evaluate.Forecasts.v;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/** The accumulator: merging, shape checks, and shipping it as Spark would. */
class ErrorSumsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A forecast of awkward (non-representable) values, so float summation order would show in the bits. */
    private static OriginForecast noisy(String series, long origin, Random r) {
        double[] a = new double[3];
        double[] p = new double[3];
        double[] n = new double[3];
        double[] s = new double[3];
        for (int h = 0; h < 3; h++) {
            a[h] = r.nextDouble() * 100 / 3;
            p[h] = a[h] + r.nextGaussian() / 7;
            n[h] = a[h] + r.nextGaussian() / 3;
            s[h] = a[h] + r.nextGaussian() / 11;
        }
        return one(series, origin, a, p, n, s);
    }

    private static ErrorSums partial(List<OriginForecast> forecasts) {
        ErrorSums sums = new ErrorSums(List.of("pm25"), 3);
        forecasts.forEach(sums::add);
        return sums;
    }

    private static String metricsJson(ErrorSums sums) throws Exception {
        return JSON.writeValueAsString(Metrics.of(sums));
    }

    @Test
    void mergeOrderGivesBitIdenticalMetrics() throws Exception {
        Random r = new Random(7);
        List<List<OriginForecast>> parts = new ArrayList<>();
        for (String series : List.of("c", "a", "d", "b")) { // one partial sum per series, as a partition owns series
            List<OriginForecast> part = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                part.add(noisy(series, T0 + k * HOUR, r));
            }
            parts.add(part);
        }
        String reference = null;
        for (int[] order : List.of(new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0}, new int[] {2, 0, 3, 1},
                new int[] {1, 3, 0, 2})) {
            ErrorSums left = partial(parts.get(order[0]));
            for (int i = 1; i < order.length; i++) {
                left.merge(partial(parts.get(order[i])));
            }
            // tree-shaped: (p0 + p1) + (p2 + p3) in this order
            ErrorSums tree = partial(parts.get(order[0])).merge(partial(parts.get(order[1])))
                    .merge(partial(parts.get(order[2])).merge(partial(parts.get(order[3]))));
            reference = reference == null ? metricsJson(left) : reference;
            assertEquals(reference, metricsJson(left), "sequential merge order " + List.of(order));
            assertEquals(reference, metricsJson(tree), "tree merge order " + List.of(order));
        }
    }

    @Test
    void aSeriesSplitInTwoPartialSumsMergesToTheSameBitsInEitherOrder() throws Exception {
        Random r = new Random(11);
        List<OriginForecast> first = new ArrayList<>();
        List<OriginForecast> second = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            (k < 5 ? first : second).add(noisy("a", T0 + k * HOUR, r));
        }
        assertEquals(metricsJson(partial(first).merge(partial(second))),
                metricsJson(partial(second).merge(partial(first))));
    }

    @Test
    void mergeLeavesTheOtherSumsUnchanged() throws Exception {
        ErrorSums other = partial(List.of(noisy("a", T0, new Random(1))));
        String before = metricsJson(other);
        ErrorSums mine = partial(List.of()).merge(other);
        mine.add(noisy("a", T0 + HOUR, new Random(2)));
        assertEquals(before, metricsJson(other));
    }

    @Test
    void rejectsMergingSumsOfOtherTargetsOrHorizon() {
        ErrorSums sums = new ErrorSums(List.of("pm25"), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sums.merge(new ErrorSums(List.of("pm25"), 4)));
        assertTrue(e.getMessage().startsWith("ErrorSums.merge") && e.getMessage().contains("horizon 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sums.merge(new ErrorSums(List.of("pm10"), 3)));
    }

    @Test
    void rejectsAForecastOfTheWrongShapeNamingSeriesOriginAndShape() {
        ErrorSums sums = new ErrorSums(List.of("pm25", "temp"), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sums.add(one("station-7", 42, v(1, 2, 3), v(1, 2, 3), v(1, 2, 3), v(1, 2, 3))));
        assertTrue(e.getMessage().contains("station-7") && e.getMessage().contains("origin 42")
                && e.getMessage().contains("[3 x 1]") && e.getMessage().contains("expected [3 x 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ErrorSums(List.of("a", "a"), 3));
        assertThrows(IllegalArgumentException.class, () -> new ErrorSums(List.of("a"), 0));
    }

    @Test
    void survivesJavaSerialisation() throws Exception {
        ErrorSums sums = partial(List.of(noisy("a", T0, new Random(3)), noisy("b", T0, new Random(4))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sums);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(metricsJson(sums), metricsJson((ErrorSums) in.readObject()));
        }
    }

    @Test
    void survivesSparksKryoWithRegistrationRequiredGivenItsKryoClasses() throws Exception {
        ErrorSums sums = partial(List.of(noisy("a", T0, new Random(5)), noisy("b", T0, new Random(6))));
        SparkConf conf = new SparkConf().set("spark.kryo.registrationRequired", "true")
                .set("spark.kryo.classesToRegister",
                        ErrorSums.kryoClasses().stream().map(Class::getName).collect(Collectors.joining(",")));
        SerializerInstance kryo = new KryoSerializer(conf).newInstance();
        ErrorSums back = kryo.deserialize(kryo.serialize(sums, ClassTag$.MODULE$.apply(ErrorSums.class)),
                ClassTag$.MODULE$.apply(ErrorSums.class));
        assertEquals(metricsJson(sums), metricsJson(back));
    }
}
