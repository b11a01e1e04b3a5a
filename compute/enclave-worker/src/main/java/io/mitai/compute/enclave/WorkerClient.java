package io.mitai.compute.enclave;

import io.mitai.compute.enclave.WorkerProtocol.Frame;
import io.mitai.compute.enclave.WorkerProtocol.Kind;
import io.mitai.compute.ops.JointStatsSpec;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.tee.dcap.Json;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.Nonce;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.net.ssl.SSLSocket;

/**
 * The node's side of one enclave job (one connection; see {@link WorkerProtocol}). The node calls
 * {@link #open} to get the worker's evidence, verifies it and decides key release itself, then
 * {@link #sendInput} for each released input (a fresh per-task key is generated, wrapped to the
 * attested worker key and wiped inside that call), and {@link #run} for the sealed result, whose
 * tag proves it came from the attested worker. {@link #abort} tells the worker to stop.
 */
public final class WorkerClient implements AutoCloseable {

  /**
   * What the node asks the worker to run. A <b>shared</b> job (a compute centre's) has {@code
   * attachWait}: the worker then waits that long after RUN for the inputs their owners send on
   * their own connections ({@link #attach}); each such input names its owner's registered key, and
   * {@code parameters} carries the task's canonical parameter document for the owners to check.
   */
  public record JobDescription(
      String taskId,
      String algorithmName,
      String algorithmVersion,
      String measurementHex,
      SortedMap<String, Object> params,
      List<InputDescription> inputs,
      byte[] resultPublicKey,
      Optional<Duration> attachWait,
      Optional<byte[]> parameters) {
    public JobDescription {
      Objects.requireNonNull(taskId, "taskId");
      params = new TreeMap<>(params);
      inputs = List.copyOf(inputs);
      resultPublicKey = resultPublicKey.clone();
      if (resultPublicKey.length != 32) {
        throw new IllegalArgumentException("the result key is a 32-byte X25519 key");
      }
      parameters = parameters.map(byte[]::clone);
    }

    /** A job whose inputs all come over the requester's own connection. */
    public JobDescription(
        String taskId,
        String algorithmName,
        String algorithmVersion,
        String measurementHex,
        SortedMap<String, Object> params,
        List<InputDescription> inputs,
        byte[] resultPublicKey) {
      this(
          taskId,
          algorithmName,
          algorithmVersion,
          measurementHex,
          params,
          inputs,
          resultPublicKey,
          Optional.empty(),
          Optional.empty());
    }
  }

  /**
   * One input as the worker sees it: its owner, the (granted) column names and, for an input its
   * owner sends itself to a shared job, the owner's registered public key (PEM).
   */
  public record InputDescription(String owner, List<String> columns, Optional<String> ownerKey) {
    public InputDescription {
      columns = List.copyOf(columns);
      Objects.requireNonNull(ownerKey, "ownerKey");
    }

    /** An input the requester's node sends. */
    public InputDescription(String owner, List<String> columns) {
      this(owner, columns, Optional.empty());
    }
  }

  /**
   * The job as the worker holds it, parsed from the JOB header it returned to an attaching owner;
   * {@code jobHash} is that header's hash, which the evidence binds.
   */
  public record JobView(
      String taskId,
      String algorithmName,
      String algorithmVersion,
      String measurementHex,
      List<InputDescription> inputs,
      byte[] resultPublicKey,
      Optional<byte[]> parameters,
      Bytes jobHash) {}

  /** What an attaching owner gets: evidence bound to its nonce and the job, and the job. */
  public record Attachment(Attestation attestation, JobView job) {}

  /** The worker's answer to the JOB: evidence bound to {@code nonce} and {@code workerKey}. */
  public record Attestation(
      Nonce nonce, Evidence evidence, Bytes workerKey, String claimedMeasurement) {
    /** The worker key as the evidence binds it (X25519, JCA form). */
    public PublicKey workerPublicKey() {
      return JobCrypto.x25519PublicKey(workerKey.toByteArray());
    }
  }

  /** The result sealed (HPKE) to the requester's key, and the plaintext's SHA-256. */
  public record SealedOutput(byte[] enc, byte[] ciphertext, byte[] resultHash) {
    public SealedOutput {
      enc = enc.clone();
      ciphertext = ciphertext.clone();
      resultHash = resultHash.clone();
    }
  }

  /** A JOINT_STATS session for which the worker is to deal the Beaver triples. */
  public record DealDescription(
      String taskId, JointStatsSpec spec, List<PartyEndpoint> parties, Duration timeout) {
    public DealDescription {
      parties = List.copyOf(parties);
      if (spec.roles().dealer().isEmpty()) {
        throw new IllegalArgumentException("the spec names no dealer");
      }
    }
  }

  /**
   * The worker's answer to a DEAL: its dealer party's TLS certificate and port, and evidence
   * binding the nonce ({@link JobCrypto#dealerNonce} of the task and {@code salt}) to that
   * certificate's public key. Parties pin exactly this certificate for the dealer — attested TLS.
   */
  public record DealerAttestation(
      Bytes salt,
      Nonce nonce,
      Evidence evidence,
      X509Certificate certificate,
      int port,
      String claimedMeasurement) {}

  private final SSLSocket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final SecureRandom random;
  private JobDescription job;
  private Bytes jobHash;
  private byte[] nodePrivate;
  private byte[] workerKey;
  private java.security.PrivateKey ownerSigningKey;

  private WorkerClient(SSLSocket socket, SecureRandom random) throws IOException {
    this.socket = socket;
    this.random = random;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 17));
  }

  /** Connects over TLS 1.3 to a worker presenting exactly {@code pinned}. */
  public static WorkerClient connect(
      String host, int port, X509Certificate pinned, Duration timeout, SecureRandom random)
      throws IOException {
    SSLSocket s = (SSLSocket) WorkerTls.clientContext(pinned).getSocketFactory().createSocket();
    try {
      s.setEnabledProtocols(new String[] {"TLSv1.3"});
      s.setTcpNoDelay(true); // every frame is flushed; Nagle would hold each for the peer's ACK
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      s.startHandshake();
      return new WorkerClient(s, random);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Sends the JOB with a fresh nonce; returns the worker's evidence. */
  public Attestation open(JobDescription job) throws IOException, EnclaveException {
    if (this.job != null) {
      throw new IllegalStateException("one job per connection");
    }
    this.job = job;
    Nonce nonce = Nonce.random(random);
    nodePrivate = JobCrypto.newPrivateKey(random);
    SortedMap<String, Object> h = new TreeMap<>();
    h.put("taskId", job.taskId());
    SortedMap<String, Object> algorithm = new TreeMap<>();
    algorithm.put("name", job.algorithmName());
    algorithm.put("version", job.algorithmVersion());
    algorithm.put("measurement", job.measurementHex());
    h.put("algorithm", algorithm);
    h.put("params", job.params());
    List<Object> inputs = new ArrayList<>();
    for (int i = 0; i < job.inputs().size(); i++) {
      SortedMap<String, Object> input = new TreeMap<>();
      input.put("index", (long) i);
      input.put("owner", job.inputs().get(i).owner());
      input.put("columns", new ArrayList<Object>(job.inputs().get(i).columns()));
      job.inputs().get(i).ownerKey().ifPresent(k -> input.put("ownerKey", k));
      inputs.add(input);
    }
    h.put("inputs", inputs);
    job.attachWait().ifPresent(w -> h.put("attachSeconds", Math.max(1, w.toSeconds())));
    job.parameters().ifPresent(p -> h.put("parameters", WorkerProtocol.b64(p)));
    h.put("resultKey", WorkerProtocol.hex(job.resultPublicKey()));
    h.put("nodeKey", WorkerProtocol.hex(JobCrypto.publicKey(nodePrivate)));
    h.put("nonce", nonce.value().hex());
    byte[] header = io.mitai.compute.deliver.DocumentJson.encode(h);
    jobHash = JobCrypto.jobHash(header);
    WorkerProtocol.writeRaw(out, Kind.JOB, header, new byte[0]);
    Json.Obj e = expect(Kind.EVIDENCE).json();
    EvidenceFormat format;
    try {
      format = EvidenceFormat.valueOf(WorkerProtocol.text(e, "format"));
    } catch (IllegalArgumentException ex) {
      throw WorkerProtocol.violation("unknown evidence format");
    }
    workerKey = WorkerProtocol.hex(e, "workerKey", 32);
    return new Attestation(
        nonce,
        new Evidence(format, Bytes.of(WorkerProtocol.base64(e, "evidence"))),
        Bytes.of(workerKey),
        WorkerProtocol.text(e, "measurement"));
  }

  /**
   * Releases input {@code index}: a fresh 32-byte key, wrapped (HPKE) to the attested worker key
   * and bound to this job and index, then the rows encrypted under it in segments. The key is wiped
   * before this returns. Call only after the worker's evidence was verified and the input's owner
   * allowed the release. Returns the row count the worker acknowledged.
   */
  public long sendInput(int index, Iterable<List<String>> rows)
      throws IOException, EnclaveException {
    if (workerKey == null) {
      throw new IllegalStateException("open the job first");
    }
    int width = job.inputs().get(index).columns().size();
    byte[] key = new byte[32];
    random.nextBytes(key);
    long sent = 0;
    try {
      byte[][] wrapped = JobCrypto.wrapKey(key, workerKey, jobHash, index);
      Map<String, Object> k = new TreeMap<>();
      k.put("index", (long) index);
      k.put("enc", WorkerProtocol.b64(wrapped[0]));
      k.put("wrappedKey", WorkerProtocol.b64(wrapped[1]));
      if (ownerSigningKey != null) {
        k.put(
            "signature",
            WorkerProtocol.b64(
                JobCrypto.signRelease(
                    ownerSigningKey,
                    JobCrypto.ownerReleaseStatement(jobHash, index, wrapped[0], wrapped[1]))));
      }
      WorkerProtocol.write(out, Kind.KEY, k, new byte[0]);
      ByteArrayOutputStream buf = new ByteArrayOutputStream(JobCrypto.SEGMENT + 4096);
      long segment = 0;
      for (List<String> row : rows) {
        if (row.size() != width) {
          throw new IllegalArgumentException("input " + index + " has a row of the wrong width");
        }
        InputRows.encode(row, buf);
        sent++;
        while (buf.size() >= JobCrypto.SEGMENT) {
          byte[] all = buf.toByteArray();
          sendSegment(key, index, segment++, false, all, JobCrypto.SEGMENT);
          buf.reset();
          buf.write(all, JobCrypto.SEGMENT, all.length - JobCrypto.SEGMENT);
          Arrays.fill(all, (byte) 0);
        }
      }
      byte[] rest = buf.toByteArray();
      sendSegment(key, index, segment, true, rest, rest.length);
      Arrays.fill(rest, (byte) 0);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    Json.Obj ok = expect(Kind.INPUT_OK).json();
    if (WorkerProtocol.number(ok, "index") != index || WorkerProtocol.number(ok, "rows") != sent) {
      throw WorkerProtocol.violation("the worker acknowledged another input or row count");
    }
    return sent;
  }

  private void sendSegment(byte[] key, int index, long segment, boolean last, byte[] p, int len)
      throws IOException {
    Map<String, Object> d = new TreeMap<>();
    d.put("index", (long) index);
    d.put("segment", segment);
    d.put("last", last);
    WorkerProtocol.write(
        out, Kind.DATA, d, JobCrypto.sealSegment(key, jobHash, index, segment, last, p, len));
  }

  /**
   * Attaches to the shared job {@code taskId} as the owner of input {@code index}: a fresh nonce;
   * the worker answers with evidence binding {@link JobCrypto#attachNonce} of it and the job hash,
   * and the job itself. The caller verifies both (the attestation's nonce is the derived one) and
   * then calls {@link #sendInput} for that index — the key goes out signed with {@code
   * ownerSigningKey}, the organisation's registered key — or {@link #refuse}.
   */
  public Attachment attach(String taskId, int index, java.security.PrivateKey ownerSigningKey)
      throws IOException, EnclaveException {
    if (this.job != null || nodePrivate != null) {
      throw new IllegalStateException("one job per connection");
    }
    nodePrivate = new byte[0];
    this.ownerSigningKey = ownerSigningKey;
    Nonce ownerNonce = Nonce.random(random);
    SortedMap<String, Object> h = new TreeMap<>();
    h.put("taskId", taskId);
    h.put("index", (long) index);
    h.put("nonce", ownerNonce.value().hex());
    WorkerProtocol.write(out, Kind.ATTACH, h, new byte[0]);
    Json.Obj e = expect(Kind.EVIDENCE).json();
    byte[] header = WorkerProtocol.base64(e, "job");
    JobView view = view(header);
    if (!view.taskId().equals(taskId) || index >= view.inputs().size()) {
      throw WorkerProtocol.violation("the worker answered with another job");
    }
    EvidenceFormat format;
    try {
      format = EvidenceFormat.valueOf(WorkerProtocol.text(e, "format"));
    } catch (IllegalArgumentException ex) {
      throw WorkerProtocol.violation("unknown evidence format");
    }
    workerKey = WorkerProtocol.hex(e, "workerKey", 32);
    jobHash = view.jobHash();
    job =
        new JobDescription(
            taskId,
            view.algorithmName(),
            view.algorithmVersion(),
            view.measurementHex(),
            new TreeMap<>(),
            view.inputs(),
            view.resultPublicKey());
    Attestation attestation =
        new Attestation(
            JobCrypto.attachNonce(ownerNonce, jobHash),
            new Evidence(format, Bytes.of(WorkerProtocol.base64(e, "evidence"))),
            Bytes.of(workerKey),
            WorkerProtocol.text(e, "measurement"));
    return new Attachment(attestation, view);
  }

  /** The owner of input {@code index} of an attached job refuses its key, signed, with a reason. */
  public void refuse(int index, String reason) throws IOException {
    if (ownerSigningKey == null) {
      throw new IllegalStateException("attach first");
    }
    Map<String, Object> r = new TreeMap<>();
    r.put("index", (long) index);
    r.put("reason", reason);
    r.put(
        "signature",
        WorkerProtocol.b64(
            JobCrypto.signRelease(
                ownerSigningKey,
                JobCrypto.ownerReleaseStatement(
                    jobHash,
                    index,
                    "REFUSE".getBytes(StandardCharsets.US_ASCII),
                    reason.getBytes(StandardCharsets.UTF_8)))));
    WorkerProtocol.write(out, Kind.REFUSE, r, new byte[0]);
  }

  private static JobView view(byte[] header) throws EnclaveException {
    Json.Obj h;
    try {
      if (!(Json.parse(header) instanceof Json.Obj o)) {
        throw WorkerProtocol.violation("the job is not a JSON object");
      }
      h = o;
    } catch (Json.JsonException ex) {
      throw WorkerProtocol.violation("the job is not JSON: " + ex.getMessage());
    }
    Json.Obj a = WorkerProtocol.object(h, "algorithm");
    List<InputDescription> inputs = new ArrayList<>();
    for (Json.Node n : WorkerProtocol.list(h, "inputs")) {
      if (!(n instanceof Json.Obj in)) {
        throw WorkerProtocol.violation("an input is not an object");
      }
      inputs.add(
          new InputDescription(
              WorkerProtocol.text(in, "owner"),
              WorkerProtocol.columns(in),
              in.get("ownerKey").isPresent()
                  ? Optional.of(WorkerProtocol.text(in, "ownerKey"))
                  : Optional.empty()));
    }
    return new JobView(
        WorkerProtocol.text(h, "taskId"),
        WorkerProtocol.text(a, "name"),
        WorkerProtocol.text(a, "version"),
        WorkerProtocol.text(a, "measurement"),
        List.copyOf(inputs),
        WorkerProtocol.hex(h, "resultKey", 32),
        h.get("parameters").isPresent()
            ? Optional.of(WorkerProtocol.base64(h, "parameters"))
            : Optional.empty(),
        JobCrypto.jobHash(header));
  }

  /** Asks for the result; checks its tag against the attested worker key. */
  public SealedOutput run() throws IOException, EnclaveException {
    if (job != null && job.attachWait().isPresent()) {
      // The worker waits for the owners' inputs before it answers.
      socket.setSoTimeout(
          (int)
              Math.min(
                  Integer.MAX_VALUE, socket.getSoTimeout() + job.attachWait().get().toMillis()));
    }
    WorkerProtocol.write(out, Kind.RUN, Map.of(), new byte[0]);
    Frame f = expect(Kind.RESULT);
    Json.Obj r = f.json();
    byte[] enc = WorkerProtocol.base64(r, "enc");
    byte[] hash = WorkerProtocol.hex(r, "resultHash", 32);
    byte[] mac = WorkerProtocol.base64(r, "mac");
    byte[] expected = JobCrypto.resultMac(nodePrivate, workerKey, jobHash, hash, enc, f.body());
    if (!MessageDigest.isEqual(expected, mac)) {
      throw WorkerProtocol.violation("the result's tag does not verify with the attested key");
    }
    return new SealedOutput(enc, f.body(), hash);
  }

  /** Asks the worker to deal for a JOINT_STATS session; returns its attested dealer identity. */
  public DealerAttestation openDeal(DealDescription deal) throws IOException, EnclaveException {
    if (this.job != null || nodePrivate != null) {
      throw new IllegalStateException("one job per connection");
    }
    nodePrivate = new byte[0];
    Bytes salt = Nonce.random(random).value();
    Nonce nonce = JobCrypto.dealerNonce(deal.taskId(), salt);
    SortedMap<String, Object> spec = new TreeMap<>();
    List<Object> inputs = new ArrayList<>();
    deal.spec().roles().inputs().forEach(p -> inputs.add(p.value()));
    spec.put("inputs", inputs);
    spec.put("requester", deal.spec().roles().requester().value());
    spec.put("dealer", deal.spec().roles().dealer().orElseThrow().value());
    spec.put("key", deal.spec().keyColumn());
    List<Object> statistics = new ArrayList<>();
    deal.spec().statistics().forEach(st -> statistics.add(st.name()));
    spec.put("statistics", statistics);
    deal.spec().target().ifPresent(t -> spec.put("target", t));
    List<Object> parties = new ArrayList<>();
    for (PartyEndpoint e : deal.parties()) {
      SortedMap<String, Object> p = new TreeMap<>();
      p.put("id", e.id().value());
      p.put("host", e.host());
      p.put("port", (long) e.port());
      p.put("publicKey", WorkerProtocol.b64(e.publicKey().getEncoded()));
      parties.add(p);
    }
    SortedMap<String, Object> h = new TreeMap<>();
    h.put("taskId", deal.taskId());
    h.put("nonce", nonce.value().hex());
    h.put("spec", spec);
    h.put("parties", parties);
    h.put("timeoutSeconds", Math.max(1, deal.timeout().toSeconds()));
    WorkerProtocol.write(out, Kind.DEAL, h, new byte[0]);
    Json.Obj e = expect(Kind.EVIDENCE).json();
    EvidenceFormat format;
    X509Certificate certificate;
    try {
      format = EvidenceFormat.valueOf(WorkerProtocol.text(e, "format"));
      certificate =
          (X509Certificate)
              java.security.cert.CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new java.io.ByteArrayInputStream(WorkerProtocol.base64(e, "certificate")));
    } catch (IllegalArgumentException | java.security.cert.CertificateException ex) {
      throw WorkerProtocol.violation("the dealer's evidence or certificate does not parse");
    }
    return new DealerAttestation(
        salt,
        nonce,
        new Evidence(format, Bytes.of(WorkerProtocol.base64(e, "evidence"))),
        certificate,
        (int) WorkerProtocol.number(e, "port"),
        WorkerProtocol.text(e, "measurement"));
  }

  /** After the parties pinned the attested certificate: lets the worker deal, waits until done. */
  public void runDeal() throws IOException, EnclaveException {
    WorkerProtocol.write(out, Kind.RUN, Map.of(), new byte[0]);
    expect(Kind.DEALT);
  }

  /** Tells the worker to stop this job (best effort). */
  public void abort(String reason) {
    try {
      WorkerProtocol.write(out, Kind.ABORT, Map.of("reason", reason), new byte[0]);
    } catch (IOException e) {
      // The worker is gone already.
    }
  }

  private Frame expect(Kind kind) throws IOException, EnclaveException {
    Frame f = WorkerProtocol.read(in);
    if (f.kind() == Kind.ERROR) {
      Json.Obj e = f.json();
      EnclaveFailure failure;
      try {
        failure = EnclaveFailure.valueOf(WorkerProtocol.text(e, "code"));
      } catch (IllegalArgumentException ex) {
        failure = EnclaveFailure.INTERNAL_ERROR;
      }
      throw new EnclaveException(failure, WorkerProtocol.text(e, "message"));
    }
    if (f.kind() != kind) {
      throw WorkerProtocol.violation("expected " + kind + ", got " + f.kind());
    }
    return f;
  }

  @Override
  public void close() {
    if (nodePrivate != null) {
      Arrays.fill(nodePrivate, (byte) 0);
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a socket that failed loses nothing.
    }
  }
}
