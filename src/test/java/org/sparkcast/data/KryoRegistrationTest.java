package org.sparkcast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/** Everything Sparkcast ships goes through Kryo with registrationRequired=true; an unregistered class does not. */
class KryoRegistrationTest {
    private final SerializerInstance kryo = new KryoSerializer(SparkSessionFactory.defaults("kryo-test")).newInstance();

    private <T> T roundTrip(T value) {
        ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.apply(Object.class));
        return kryo.deserialize(bytes, ClassTag$.MODULE$.apply(Object.class));
    }

    @Test
    void windowBlockRoundTrips() {
        WindowBlock w = new WindowBlock(1, 7, 2, 2, 3, 1, 0);
        w.x[5] = 1.5f;
        w.y[2] = -2f;
        w.mask[3] = 1f;
        w.reset[1] = true;
        w.segment[0] = 4;
        WindowBlock back = roundTrip(w);
        assertEquals(7, back.index);
        assertArrayEquals(w.x, back.x);
        assertArrayEquals(w.y, back.y);
        assertArrayEquals(w.mask, back.mask);
        assertArrayEquals(w.reset, back.reset);
        assertArrayEquals(w.segment, back.segment);
    }

    @Test
    void stepKeyRoundTrips() {
        StepKey k = roundTrip(new StepKey(1, 2, 3L));
        assertEquals(0, new StepKey.Ordering().compare(new StepKey(1, 2, 3L), k));
    }

    @Test
    void stepBlockRoundTrips() {
        StepBlock.Builder builder = new StepBlock.Builder(2, 1, true);
        builder.add("s", 0, 3600_000L, new double[] {1.5, -2}, new String[] {"N"}, true, true, 0);
        builder.add("s", 1, 7200_000L, new double[] {0.25, 4}, new String[] {null}, false, true, 2);
        StepBlock b = builder.take();
        StepBlock back = roundTrip(b);
        assertEquals("s", back.series);
        assertEquals(2, back.size);
        assertArrayEquals(new int[] {0, 1}, back.segment);
        assertArrayEquals(new long[] {3600_000L, 7200_000L}, back.time);
        assertArrayEquals(new double[] {1.5, -2, 0.25, 4}, back.values);
        assertEquals("N", back.category(0, 0));
        assertEquals(null, back.category(1, 0));
        assertArrayEquals(new boolean[] {true, false}, back.observed);
        assertArrayEquals(new byte[] {0, 2}, back.split);
    }

    @Test
    void seriesSummaryRoundTrips() {
        ColumnMoments m = new ColumnMoments(1);
        m.add(new double[] {2.5}, 0);
        SeriesSummary s = new SeriesSummary();
        s.series = "a";
        s.runs = 1;
        s.runSegment = new int[] {0};
        s.runSplit = new int[] {0};
        s.runSteps = new long[] {1};
        s.train = m;
        SeriesSummary back = roundTrip(s);
        assertEquals(1, back.train.count);
        assertArrayEquals(new double[] {2.5}, back.train.max);
        assertArrayEquals(new long[] {1}, back.runSteps);
    }

    @Test
    void unregisteredClassIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> roundTrip(new java.util.concurrent.atomic.AtomicLong(1)));
    }
}
