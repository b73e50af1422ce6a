/**
 * Distributed training on Spark: the driver broadcasts the model (parameters and optimizer state), every
 * partition trains the local engine through its windows in time order carrying hidden state per lane,
 * the partition results come back from one {@code runJob} per round, filed by partition, and the driver averages them, weighted
 * by windows, in partition order, so the same seed, config, data and partitioning give a bit-identical
 * model. Also: validation, early stopping, checkpoints (checksummed, in a directory they share with the user's
 * files) and the run lock that keeps a checkpoint directory to one run at a time.
 */
package org.sparkcast.train;
