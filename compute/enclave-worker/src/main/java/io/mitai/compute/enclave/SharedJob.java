package io.mitai.compute.enclave;

import io.mitai.compute.enclave.algorithm.InputTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One job's inputs as they arrive over the requester's connection and the owners' own connections
 * (a compute centre's job), and the worker's key they are released to. The requester's connection
 * owns it: when that ends, {@link #close} discards it and wakes every waiter.
 */
final class SharedJob {

  /** The jobs this worker holds open for owners to attach to, by task id. */
  static final class Registry {
    private final ConcurrentMap<String, SharedJob> jobs = new ConcurrentHashMap<>();

    void open(SharedJob job) throws EnclaveException {
      if (jobs.putIfAbsent(job.job.taskId(), job) != null) {
        throw WorkerProtocol.violation("task " + job.job.taskId() + " is open already");
      }
    }

    Optional<SharedJob> find(String taskId) {
      return Optional.ofNullable(jobs.get(taskId));
    }

    void remove(SharedJob job) {
      jobs.remove(job.job.taskId(), job);
    }
  }

  final JobSession.Job job;
  final byte[] header;
  final byte[] workerPrivate;
  final byte[] workerPublic;
  private final InputTable[] tables;
  private final boolean[] claimed;
  private String refusal;
  private boolean closed;
  private long received;

  SharedJob(JobSession.Job job, byte[] header, byte[] workerPrivate, byte[] workerPublic) {
    this.job = job;
    this.header = header.clone();
    this.workerPrivate = workerPrivate;
    this.workerPublic = workerPublic;
    this.tables = new InputTable[job.owners().size()];
    this.claimed = new boolean[job.owners().size()];
  }

  int inputs() {
    return tables.length;
  }

  /** Reserves input {@code i} for one connection; a second claim is a protocol violation. */
  synchronized void claim(int i) throws EnclaveException {
    if (closed) {
      throw new EnclaveException(EnclaveFailure.JOB_UNKNOWN, "the job has ended");
    }
    if (claimed[i]) {
      throw WorkerProtocol.violation("input " + i + " is being served on another connection");
    }
    claimed[i] = true;
  }

  /** Counts decrypted bytes against the worker's memory bound, over all connections. */
  synchronized void account(long bytes) throws EnclaveException {
    received += bytes;
    if (received > InputRows.heldLimit()) {
      throw new EnclaveException(
          EnclaveFailure.LIMIT_EXCEEDED,
          "the inputs exceed what this worker's memory holds once decoded ("
              + InputRows.heldLimit()
              + " bytes of plaintext in all; start it with a larger heap)");
    }
  }

  /** Input {@code i} is complete. */
  synchronized void deposit(int i, InputTable table) throws EnclaveException {
    if (closed) {
      throw new EnclaveException(EnclaveFailure.JOB_UNKNOWN, "the job has ended");
    }
    tables[i] = table;
    notifyAll();
  }

  /** Input {@code i}'s owner refused; the job fails with its reason. */
  synchronized void refuse(int i, String reason) {
    if (refusal == null) {
      refusal = "input " + i + " (" + job.owners().get(i) + "): " + reason;
    }
    notifyAll();
  }

  /**
   * Every input, once all arrived within {@code wait}; fails with the first refusal or with
   * INPUT_MISSING naming the inputs that did not come.
   */
  synchronized List<InputTable> awaitAll(Duration wait)
      throws EnclaveException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      if (refusal != null) {
        throw new EnclaveException(EnclaveFailure.KEY_RELEASE_REFUSED, refusal);
      }
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < tables.length; i++) {
        if (tables[i] == null) {
          missing.add(i);
        }
      }
      if (missing.isEmpty()) {
        return Arrays.asList(tables.clone());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new EnclaveException(
            EnclaveFailure.INPUT_MISSING,
            "inputs " + missing + " did not arrive from their owners within " + wait);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Ends the job: waiters wake, later deposits fail, the worker key is wiped. */
  synchronized void close() {
    closed = true;
    Arrays.fill(tables, null);
    Arrays.fill(workerPrivate, (byte) 0);
    notifyAll();
  }
}
