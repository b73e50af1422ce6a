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
    void unregisteredClassIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> roundTrip(new java.util.concurrent.atomic.AtomicLong(1)));
    }
}
