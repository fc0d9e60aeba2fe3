/**
 * One sweep over several machines (Akka Cluster 2.6.21, Artery TCP, optionally TLS).
 *
 * <h2>Roles</h2>
 * The <em>run node</em> ({@code superpose run FILE --cluster-port PORT}) owns the home (H2,
 * {@code models/}, {@code results/}), the {@link dev.superpose.orchestrator.SweepSupervisor}, the
 * evaluators and the {@link dev.superpose.orchestrator.CheckpointStore}; it is the cluster's only
 * seed, so it is always its oldest member, and it may train too ({@code --trainers}, 0 for none).
 * A <em>worker</em> ({@code superpose worker --join HOST:PORT}, {@link WorkerNode}) owns only
 * {@link dev.superpose.orchestrator.DeviceTrainer}s, {@code --trainers} per ND4J device.
 *
 * <h2>Protocol</h2>
 * The orchestrator's protocol is the same on one node and many; only the actor-system settings
 * differ ({@link ClusterConfig}).
 * <ol>
 *   <li>A trainer subscribes to the supervisor's key with the Receptionist (cluster-wide here) and
 *       sends {@code RequestWork}. The supervisor watches it and answers {@code TrainStack} (the
 *       stack itself, its trials and their configs, as a {@code SourceRef}: about 1.1 KiB a trial,
 *       over a frame for a few hundred trials; its stored checkpoints newest first; the store's
 *       ref), or parks it while the queue is empty and stacks are still in training; parked
 *       trainers get {@code NoMoreWork} when the sweep ends.</li>
 *   <li>The trainer fetches the newest checkpoint from the store ({@code Fetch} →
 *       {@code CheckpointStream}, a {@code SourceRef} of the file's bytes), verifies its
 *       checksum, and falls back to the next one (reporting {@code CheckpointRejected}) or to
 *       step 0.</li>
 *   <li>Each chunk of {@code log-every} steps ends with a {@code LossReport}; every
 *       {@code checkpoint-every} steps the trainer ships the encoded state ({@code Upload}, a
 *       {@code SourceRef}); the store verifies, writes it atomically, tells the supervisor
 *       ({@code CheckpointWritten}, recorded in H2) and acknowledges ({@code CheckpointShipped}).</li>
 *   <li>At the last step the trainer ships a final checkpoint and sends {@code StackTrained} with
 *       its weights as a {@code SourceRef}; the supervisor collects them and hands them to an
 *       evaluator on its own node.</li>
 * </ol>
 * Stacks, checkpoints and weights only ever travel as Akka Streams {@code StreamRef}s of 64 KiB
 * elements ({@link dev.superpose.orchestrator.ByteTransfer}), far under Artery's 256 KiB frame; every
 * message is a record serialized by Jackson CBOR (Java serialization is off), which
 * {@code WireFormatTest} checks for every message type of the sealed protocols.
 *
 * <h2>Faults</h2>
 * The failure detector marks a node unreachable after 10 s without heartbeats (Akka's default is
 * 3 s; a busy or GC-paused worker is more often slow than dead). The split-brain resolver runs
 * {@code keep-oldest} with {@code role = run} and {@code down-if-alone = off}: whatever the
 * partition, the side with the run node survives and unreachable workers are downed (after
 * {@code stable-after}, 7 s). Death watch then tells the
 * supervisor, which puts a lost trainer's stack back at the head of the queue; it continues from
 * the last checkpoint that trainer shipped. A downed worker cannot come back (its incarnation is
 * quarantined), and reports from trainers about stacks they no longer hold are ignored, so nothing
 * is recorded twice. A worker that loses the run node (or is cut off from it) is downed and
 * exits 1 with a message; one whose run node leaves (sweep ended or interrupted) or whose trainers
 * are told there is no more work ({@code NoMoreWork} names the sweep and whether it ended or was
 * interrupted) exits 0.
 *
 * <h2>The end</h2>
 * A run node is the sweep's process. Once the sweep has ended and its outputs are written, it
 * stays on its address for {@code --cluster-linger} as {@link EndedSweep}, which answers every
 * {@code RequestWork} with {@code NoMoreWork}: a worker started late learns the sweep has ended
 * and exits 0. A worker that nobody answers cannot tell an ended sweep from one not yet started
 * and exits {@link WorkerNode#EXIT_NOBODY} (75, "try again later").
 */
package dev.superpose.cluster;
