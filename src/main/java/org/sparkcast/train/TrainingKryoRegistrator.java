package org.sparkcast.train;

import com.esotericsoftware.kryo.Kryo;
import java.util.ArrayList;
import org.apache.spark.serializer.KryoRegistrator;
import org.sparkcast.data.KryoRegistration;
import org.sparkcast.data.WindowBlock;
import org.sparkcast.engine.CellType;
import org.sparkcast.engine.Directionality;
import org.sparkcast.engine.GradientClipper;
import org.sparkcast.engine.LearningRateSchedule;
import org.sparkcast.engine.LossKind;
import org.sparkcast.engine.NetworkSpec;
import org.sparkcast.engine.Optimizer;

/**
 * Registers with Kryo every class training ships — the round broadcast, the partition results, and the arrays and enums inside them — after everything the data package ships
 * ({@link KryoRegistration}), so that a training job runs under {@code spark.kryo.registrationRequired=true}
 * with this one registrator.
 */
public final class TrainingKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        new KryoRegistration().registerClasses(kryo);
        kryo.register(RoundInput.class);
        kryo.register(ModelState.class);
        kryo.register(TrainingSettings.class);
        kryo.register(PartitionResult.class);
        kryo.register(RoundPiece.class);
        kryo.register(ReducedShard.class);
        kryo.register(WindowBlock.class);
        kryo.register(NetworkSpec.class);
        kryo.register(CellType.class);
        kryo.register(Directionality.class);
        kryo.register(LossKind.class);
        kryo.register(org.sparkcast.engine.HorizonLoss.class);
        kryo.register(Optimizer.Kind.class);
        kryo.register(GradientClipper.Mode.class);
        kryo.register(LearningRateSchedule.class);
        kryo.register(SyncMode.class);
        kryo.register(ArrayList.class);
        kryo.register(float[].class);
        kryo.register(float[][].class);
        kryo.register(double[].class);
        kryo.register(double[][].class);
        kryo.register(boolean[].class);
        kryo.register(int[].class);
        kryo.register(long[].class);
        kryo.register(Object[].class);
        kryo.register(Integer.class);
        // evaluate: partition results hold records, which Spark's Kryo cannot write field by field
        kryo.register(org.sparkcast.forecast.ForecastKryo.backtestPart(), new com.esotericsoftware.kryo.serializers.JavaSerializer());
    }
}
