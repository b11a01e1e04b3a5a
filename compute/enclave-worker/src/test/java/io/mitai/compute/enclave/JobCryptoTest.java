package io.mitai.compute.enclave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.tee.evidence.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The bindings of released keys, input segments and the result tag. */
class JobCryptoTest {
  static final SecureRandom RANDOM = new SecureRandom();
  final Bytes job = JobCrypto.jobHash("{\"taskId\":\"t\"}".getBytes(StandardCharsets.UTF_8));
  final Bytes otherJob = JobCrypto.jobHash("{\"taskId\":\"u\"}".getBytes(StandardCharsets.UTF_8));
  final byte[] worker = JobCrypto.newPrivateKey(RANDOM);
  final byte[] key = new byte[32];

  {
    RANDOM.nextBytes(key);
  }

  @Test
  void a_released_key_opens_only_for_its_job_index_and_worker() throws Exception {
    byte[][] w = JobCrypto.wrapKey(key, JobCrypto.publicKey(worker), job, 0);
    assertThat(JobCrypto.unwrapKey(w[0], w[1], worker, job, 0)).isEqualTo(key);
    assertThatThrownBy(() -> JobCrypto.unwrapKey(w[0], w[1], worker, otherJob, 0))
        .hasFieldOrPropertyWithValue("failure", EnclaveFailure.KEY_UNWRAP_FAILED);
    assertThatThrownBy(() -> JobCrypto.unwrapKey(w[0], w[1], worker, job, 1))
        .hasFieldOrPropertyWithValue("failure", EnclaveFailure.KEY_UNWRAP_FAILED);
    byte[] stranger = JobCrypto.newPrivateKey(RANDOM);
    assertThatThrownBy(() -> JobCrypto.unwrapKey(w[0], w[1], stranger, job, 0))
        .hasFieldOrPropertyWithValue("failure", EnclaveFailure.KEY_UNWRAP_FAILED);
  }

  @Test
  void a_segment_authenticates_only_in_its_place() throws Exception {
    byte[] plain = "rows".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = JobCrypto.sealSegment(key, job, 1, 3, false, plain, plain.length);
    assertThat(JobCrypto.openSegment(key, job, 1, 3, false, sealed)).isEqualTo(plain);
    for (Runnable wrong :
        new Runnable[] {
          () -> open(key, otherJob, 1, 3, false, sealed),
          () -> open(key, job, 0, 3, false, sealed),
          () -> open(key, job, 1, 4, false, sealed),
          () -> open(key, job, 1, 3, true, sealed),
        }) {
      assertThatThrownBy(wrong::run).hasMessageContaining("INPUT_NOT_AUTHENTIC");
    }
    sealed[0] ^= 1;
    assertThatThrownBy(() -> JobCrypto.openSegment(key, job, 1, 3, false, sealed))
        .hasFieldOrPropertyWithValue("failure", EnclaveFailure.INPUT_NOT_AUTHENTIC);
  }

  static void open(byte[] k, Bytes j, int i, long s, boolean last, byte[] sealed) {
    try {
      JobCrypto.openSegment(k, j, i, s, last, sealed);
    } catch (EnclaveException e) {
      throw new IllegalStateException(e.failure().name(), e);
    }
  }

  @Test
  void the_result_tag_needs_the_attested_worker_key() {
    byte[] node = JobCrypto.newPrivateKey(RANDOM);
    byte[] hash = new byte[32];
    byte[] enc = {1, 2};
    byte[] ct = {3, 4};
    byte[] byWorker = JobCrypto.resultMac(worker, JobCrypto.publicKey(node), job, hash, enc, ct);
    assertThat(JobCrypto.resultMac(node, JobCrypto.publicKey(worker), job, hash, enc, ct))
        .isEqualTo(byWorker);
    byte[] impostor = JobCrypto.newPrivateKey(RANDOM);
    assertThat(JobCrypto.resultMac(impostor, JobCrypto.publicKey(node), job, hash, enc, ct))
        .isNotEqualTo(byWorker);
    assertThat(
            JobCrypto.resultMac(
                node, JobCrypto.publicKey(worker), job, hash, enc, new byte[] {3, 5}))
        .isNotEqualTo(byWorker);
  }
}
