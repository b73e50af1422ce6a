package org.sparkcast.train;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.sparkcast.data.WindowBlock;
import scala.runtime.AbstractFunction2;

/**
 * The first round of an epoch, when the previous epoch still waits for its validation loss: each partition
 * first runs the broadcast model — the model the previous epoch ended with — forward through its validation
 * windows ({@link PartitionEvaluator}), then trains its training windows from it ({@link PartitionTrainer}).
 * One Spark job does both, where validating alone would take a job of its own every epoch. It runs on the
 * training and validation windows zipped partition by partition ({@link #pairs}), so both need the same
 * number of partitions.
 */
final class TrainAndValidate extends AbstractFunction2<TaskContext, scala.collection.Iterator<TrainAndValidate.Streams>, PartitionResult>
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<RoundInput> round;

    TrainAndValidate(Broadcast<RoundInput> round) {
        this.round = round;
    }

    /** One partition's two window streams, handed from the zipped RDD to the job's function inside one task (never serialised). */
    static final class Streams {
        final Iterator<WindowBlock> train;
        final Iterator<WindowBlock> validation;

        Streams(Iterator<WindowBlock> train, Iterator<WindowBlock> validation) {
            this.train = train;
            this.validation = validation;
        }
    }

    /** Zips a partition's training windows with its validation windows into one {@link Streams} element. */
    static final class Pairs implements FlatMapFunction2<Iterator<WindowBlock>, Iterator<WindowBlock>, Streams> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Streams> call(Iterator<WindowBlock> train, Iterator<WindowBlock> validation) {
            return java.util.List.of(new Streams(train, validation)).iterator();
        }
    }

    /** The training windows zipped with the validation windows, partition by partition (same partition count). */
    static org.apache.spark.api.java.JavaRDD<Streams> pairs(org.apache.spark.api.java.JavaRDD<WindowBlock> train,
                                                            org.apache.spark.api.java.JavaRDD<WindowBlock> validation) {
        return train.zipPartitions(validation, new Pairs());
    }

    @Override
    public PartitionResult apply(TaskContext task, scala.collection.Iterator<Streams> element) {
        Streams streams = element.next();
        double[] validation = new PartitionEvaluator(round).evaluate(task.partitionId(), streams.validation);
        PartitionResult result = new PartitionTrainer(round).train(task.partitionId(), streams.train);
        result.validation = validation;
        return result;
    }
}
