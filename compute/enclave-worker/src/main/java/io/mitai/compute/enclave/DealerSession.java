package io.mitai.compute.enclave;

import io.mitai.compute.enclave.WorkerProtocol.Frame;
import io.mitai.compute.enclave.WorkerProtocol.Kind;
import io.mitai.compute.ops.ComputeEngine;
import io.mitai.compute.ops.JointStatsSpec;
import io.mitai.compute.ops.Roles;
import io.mitai.compute.ops.Statistic;
import io.mitai.compute.session.MapPartyDirectory;
import io.mitai.compute.session.PartyChannel;
import io.mitai.compute.session.PartyEndpoint;
import io.mitai.compute.session.PartyId;
import io.mitai.compute.session.PartyIdentity;
import io.mitai.compute.session.SessionFailedException;
import io.mitai.compute.session.SessionId;
import io.mitai.compute.session.TlsPartyTransport;
import io.mitai.compute.tee.dcap.Json;
import io.mitai.compute.tee.evidence.AttestationException;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.Measurement;
import io.mitai.compute.tee.evidence.Nonce;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The worker as the <b>dealer of Beaver triples</b> for one JOINT_STATS session (TEE-assisted MPC):
 * it makes a fresh TLS identity, binds that identity's public key into its evidence with the node's
 * nonce, and once the parties have pinned that certificate's key it joins the session as the dealer
 * — so every party receives its seeds and correction over TLS to the attested key. It never
 * receives an input or an opening: like any dealer it knows the masks, but an enclave's masks are
 * known to no organisation.
 */
final class DealerSession {
  private final WorkerPlatform platform;
  private final SecureRandom random;
  private final String host;
  private final Consumer<String> log;

  DealerSession(WorkerPlatform platform, SecureRandom random, String host, Consumer<String> log) {
    this.platform = platform;
    this.random = random;
    this.host = host;
    this.log = log;
  }

  void serve(Frame deal, DataInputStream in, DataOutputStream out)
      throws IOException, EnclaveException {
    Json.Obj h = deal.json();
    String taskId = WorkerProtocol.text(h, "taskId");
    Nonce nonce = new Nonce(Bytes.of(WorkerProtocol.hex(h, "nonce", Nonce.LENGTH)));
    JointStatsSpec spec = spec(WorkerProtocol.object(h, "spec"));
    PartyId self = spec.roles().dealer().orElseThrow();
    Duration timeout = Duration.ofSeconds(WorkerProtocol.number(h, "timeoutSeconds"));
    MapPartyDirectory directory = new MapPartyDirectory();
    for (Json.Node n : WorkerProtocol.list(h, "parties")) {
      if (!(n instanceof Json.Obj p)) {
        throw WorkerProtocol.violation("parties are objects");
      }
      directory.register(
          new PartyEndpoint(
              PartyId.of(WorkerProtocol.text(p, "id")),
              WorkerProtocol.text(p, "host"),
              (int) WorkerProtocol.number(p, "port"),
              publicKey(WorkerProtocol.base64(p, "publicKey"))));
    }
    WorkerTls tls = WorkerTls.selfSigned(random, Duration.ofDays(1));
    Measurement measurement = AlgorithmCatalog.dealerMeasurement();
    try (TlsPartyTransport transport =
        TlsPartyTransport.start(
            new PartyIdentity(self, tls.certificate(), tls.privateKey()),
            new InetSocketAddress(host, 0),
            directory)) {
      Evidence evidence;
      try {
        evidence = platform.attester(measurement).attest(nonce, tls.certificate().getPublicKey());
      } catch (AttestationException e) {
        throw new EnclaveException(EnclaveFailure.ATTESTATION_FAILED, e.getMessage(), e);
      }
      Map<String, Object> ev = new TreeMap<>();
      ev.put("format", evidence.format().name());
      ev.put("evidence", WorkerProtocol.b64(evidence.payload().toByteArray()));
      ev.put("certificate", WorkerProtocol.b64(encoded(tls.certificate())));
      ev.put("port", (long) transport.port());
      ev.put("measurement", measurement.value().hex());
      WorkerProtocol.write(out, Kind.EVIDENCE, ev, new byte[0]);
      log.accept("task " + taskId + ": dealer evidence sent (" + evidence.format() + ")");
      Frame go = WorkerProtocol.read(in);
      if (go.kind() == Kind.ABORT) {
        log.accept("task " + taskId + ": aborted by the node");
        return;
      }
      if (go.kind() != Kind.RUN) {
        throw WorkerProtocol.violation("expected RUN, got " + go.kind());
      }
      PartyChannel channel =
          transport.openSession(SessionId.of(taskId), spec.roles().participants(), timeout);
      ComputeEngine.run(channel, spec, Optional.empty());
      WorkerProtocol.write(out, Kind.DEALT, Map.of(), new byte[0]);
      log.accept("task " + taskId + ": triples dealt");
    } catch (SessionFailedException e) {
      throw new EnclaveException(
          EnclaveFailure.INTERNAL_ERROR, "the dealer's session failed: " + e.reason());
    }
  }

  private static JointStatsSpec spec(Json.Obj s) throws EnclaveException {
    List<PartyId> inputs = new ArrayList<>();
    for (Json.Node n : WorkerProtocol.list(s, "inputs")) {
      if (!(n instanceof Json.Str id)) {
        throw WorkerProtocol.violation("input parties are strings");
      }
      inputs.add(PartyId.of(id.value()));
    }
    Set<Statistic> statistics = EnumSet.noneOf(Statistic.class);
    for (Json.Node n : WorkerProtocol.list(s, "statistics")) {
      try {
        statistics.add(Statistic.valueOf(((Json.Str) n).value()));
      } catch (ClassCastException | IllegalArgumentException e) {
        throw WorkerProtocol.violation("unknown statistic");
      }
    }
    Optional<String> target =
        s.get("target").filter(Json.Str.class::isInstance).map(t -> ((Json.Str) t).value());
    try {
      return new JointStatsSpec(
          new Roles(
              inputs,
              PartyId.of(WorkerProtocol.text(s, "requester")),
              Optional.of(PartyId.of(WorkerProtocol.text(s, "dealer")))),
          WorkerProtocol.text(s, "key"),
          statistics,
          target);
    } catch (IllegalArgumentException e) {
      throw new EnclaveException(EnclaveFailure.INVALID_PARAMS, e.getMessage());
    }
  }

  /** A party's registered key (X.509 SubjectPublicKeyInfo, EC P-256 as the parties use). */
  private static PublicKey publicKey(byte[] der) throws EnclaveException {
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw WorkerProtocol.violation("a party key does not parse");
    }
  }

  private static byte[] encoded(X509Certificate c) throws EnclaveException {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new EnclaveException(EnclaveFailure.INTERNAL_ERROR, "certificate encoding failed");
    }
  }
}
