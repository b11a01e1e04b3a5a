package io.mitai.compute.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mitai.compute.ops.Operation;
import io.mitai.compute.ops.PsiResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.Test;

class ResultSealerTest {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 9180 appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base. */
  @Test
  void the_hpke_suite_reproduces_rfc9180_vector_a_1_1() throws Exception {
    HPKE hpke = ResultSealer.suite();
    byte[] info = HEX.parseHex("4f6465206f6e2061204772656369616e2055726e");
    AsymmetricCipherKeyPair e =
        hpke.deriveKeyPair(
            HEX.parseHex("7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234"));
    AsymmetricCipherKeyPair r =
        hpke.deriveKeyPair(
            HEX.parseHex("6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037"));
    assertThat(HEX.formatHex(hpke.serializePublicKey(e.getPublic())))
        .isEqualTo("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
    assertThat(HEX.formatHex(hpke.serializePublicKey(r.getPublic())))
        .isEqualTo("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d");
    HPKEContextWithEncapsulation s = hpke.setupBaseS(r.getPublic(), info, e);
    assertThat(HEX.formatHex(s.getEncapsulation()))
        .isEqualTo("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431");
    byte[] pt = HEX.parseHex("4265617574792069732074727574682c20747275746820626561757479");
    byte[] aad = HEX.parseHex("436f756e742d30");
    byte[] ct = s.seal(aad, pt);
    assertThat(HEX.formatHex(ct))
        .isEqualTo(
            "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a");
    HPKEContext rc = hpke.setupBaseR(s.getEncapsulation(), r, info);
    assertThat(rc.open(aad, ct)).isEqualTo(pt);
  }

  @Test
  void only_the_requester_key_opens_a_sealed_result_and_tampering_is_detected() throws Exception {
    SecureRandom rnd = new SecureRandom();
    byte[][] requester = ResultSealer.generateKeyPair(rnd);
    byte[][] other = ResultSealer.generateKeyPair(rnd);
    byte[] doc =
        DocumentJson.encode(
            ResultSealer.document(
                "task-1", new PsiResult(Operation.PSI, Optional.of(List.of("a")), 1)));
    byte[] aad = "task-1".getBytes(StandardCharsets.UTF_8);
    ResultSealer.SealedResult sealed = ResultSealer.seal(doc, requester[1], aad);
    assertThat(ResultSealer.open(sealed, requester[0], aad)).isEqualTo(doc);
    assertThat(sealed.resultHash())
        .isEqualTo(
            DocumentJson.sha256(
                ResultSealer.document(
                    "task-1", new PsiResult(Operation.PSI, Optional.of(List.of("a")), 1))));
    assertThatThrownBy(() -> ResultSealer.open(sealed, other[0], aad))
        .isInstanceOf(InvalidCipherTextException.class);
    byte[] ct = sealed.ciphertext();
    ct[0] ^= 1;
    assertThatThrownBy(
            () ->
                ResultSealer.open(
                    new ResultSealer.SealedResult(sealed.enc(), ct, sealed.resultHash()),
                    requester[0],
                    aad))
        .isInstanceOf(InvalidCipherTextException.class);
    assertThatThrownBy(
            () ->
                ResultSealer.open(sealed, requester[0], "task-2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidCipherTextException.class);
  }

  @Test
  void canonical_encoding_sorts_keys_writes_decimals_as_strings_and_is_byte_exact() {
    Map<String, Object> v =
        Map.of(
            "b", List.of(1L, new BigDecimal("2.500"), Optional.empty()),
            "a", "x\"\n\u0001é",
            "c", Map.of("z", true, "y", new BigDecimal("0E-10")));
    assertThat(new String(DocumentJson.encode(v), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"a\":\"x\\\"\\n\\u0001é\",\"b\":[1,\"2.5\",null],\"c\":{\"y\":\"0\",\"z\":true}}");
    assertThat(HEX.formatHex(DocumentJson.sha256(Map.of())))
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }
}
