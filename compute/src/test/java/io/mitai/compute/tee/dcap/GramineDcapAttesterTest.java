package io.mitai.compute.tee.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.tee.evidence.AttestationException;
import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.Evidence;
import io.mitai.compute.tee.evidence.EvidenceFormat;
import io.mitai.compute.tee.evidence.Nonce;
import io.mitai.compute.tee.evidence.ReportDataBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gramine attester against a stand-in for {@code /dev/attestation} (a directory with the same
 * files): it writes the binding as user report data and returns the quote without padding.
 */
class GramineDcapAttesterTest {
  @TempDir Path dev;

  static PublicKey key() throws Exception {
    return KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
  }

  @Test
  void writes_the_nonce_and_key_binding_and_returns_the_quote_cut_to_its_length() throws Exception {
    Files.writeString(dev.resolve("attestation_type"), "dcap\n");
    Files.write(dev.resolve("quote"), DcapTestData.read("tdx/phala/tdx_quote")); // 70 bytes padding
    Nonce nonce = Nonce.random(new SecureRandom());
    PublicKey key = key();

    Evidence e = new GramineDcapAttester(dev).attest(nonce, key);

    assertThat(Bytes.of(Files.readAllBytes(dev.resolve("user_report_data"))))
        .isEqualTo(ReportDataBinding.of(nonce, key));
    assertThat(e.format()).isEqualTo(EvidenceFormat.INTEL_DCAP_QUOTE);
    assertThat(e.payload().length()).isEqualTo(4936);
  }

  @Test
  void fails_outside_an_enclave_where_the_pseudo_files_do_not_exist() {
    assertThatThrownBy(
            () ->
                new GramineDcapAttester(dev.resolve("absent"))
                    .attest(Nonce.random(new SecureRandom()), key()))
        .isInstanceOf(AttestationException.class);
  }

  @Test
  void refuses_an_attestation_type_other_than_dcap() throws Exception {
    Files.writeString(dev.resolve("attestation_type"), "epid");
    assertThatThrownBy(
            () -> new GramineDcapAttester(dev).attest(Nonce.random(new SecureRandom()), key()))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("epid");
  }
}
