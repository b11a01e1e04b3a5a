package io.mitai.compute.psi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DelegatedPsiKeyTest {

  private static byte[] hmac(byte[] key, byte[]... parts) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    for (byte[] p : parts) {
      mac.update(p);
    }
    return mac.doFinal();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void both_holders_derive_the_same_tags_and_a_new_session_gives_unrelated_ones() {
    SecureRandom random = new SecureRandom();
    DelegatedPsiKey.Ephemeral a = new DelegatedPsiKey.Ephemeral(random);
    DelegatedPsiKey.Ephemeral b = new DelegatedPsiKey.Ephemeral(random);
    DelegatedPsiKey ka = a.agree(b.publicKey(), "task-1");
    DelegatedPsiKey kb = b.agree(a.publicKey(), "task-1");
    DelegatedPsiKey other = a.agree(b.publicKey(), "task-2");
    byte[] x = utf8("customer-42");
    assertThat(ka.hasher().tag(x)).isEqualTo(kb.hasher().tag(x));
    assertThat(ka.hasher().key(x)).isEqualTo(kb.hasher().key(x));
    assertThat(ka.hasher().tag(x)).isNotEqualTo(ka.hasher().key(x));
    assertThat(other.hasher().tag(x)).isNotEqualTo(ka.hasher().tag(x));
  }

  @Test
  void the_session_key_is_rfc5869_hkdf_of_the_x25519_secret_and_tags_are_labelled_hmacs()
      throws Exception {
    // An independent RFC 5869 computation with the JDK's HMAC, on RFC 7748 section 6.1's keys.
    byte[] aliceSecret =
        java.util.HexFormat.of()
            .parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] bobPublic =
        java.util.HexFormat.of()
            .parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    byte[] shared =
        java.util.HexFormat.of()
            .parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    DelegatedPsiKey.Ephemeral alice =
        new DelegatedPsiKey.Ephemeral(
            new SecureRandom() {
              private static final long serialVersionUID = 1L;

              @Override
              public void nextBytes(byte[] bytes) {
                System.arraycopy(aliceSecret, 0, bytes, 0, bytes.length);
              }
            });
    DelegatedPsiKey k = alice.agree(bobPublic, "task-7");
    byte[] prk = hmac(utf8("task-7"), shared);
    byte[] okm = hmac(prk, utf8(DelegatedPsiKey.INFO), new byte[] {1});
    byte[] x = utf8("k1");
    assertThat(k.hasher().tag(x)).isEqualTo(hmac(okm, utf8("tag"), x));
    assertThat(k.hasher().key(x)).isEqualTo(hmac(okm, utf8("key"), x));
    assertThat(DelegatedPsiKey.ofBytes(okm).hasher().tag(x)).isEqualTo(k.hasher().tag(x));
  }

  @Test
  void a_low_order_or_short_peer_key_is_refused() {
    DelegatedPsiKey.Ephemeral a = new DelegatedPsiKey.Ephemeral(new SecureRandom());
    assertThatThrownBy(() -> a.agree(new byte[32], "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("low order");
    assertThatThrownBy(() -> a.agree(new byte[31], "t"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sealed_keys_open_only_under_their_element_key_and_tag() {
    DelegatedPsiKey k = DelegatedPsiKey.ofBytes(new byte[32]);
    byte[] x = utf8("secret-key");
    byte[] tag = k.hasher().tag(x);
    byte[] key = k.hasher().key(x);
    int padded = DelegatedPsiKey.paddedLength(x.length);
    assertThat(padded).isEqualTo(32);
    byte[] out = new byte[12 + padded + 16];
    DelegatedPsiKey.seal(key, new byte[12], tag, DelegatedPsiKey.pad(x, padded), out, 0);
    assertThat(DelegatedPsiKey.open(key, tag, out, 0, out.length).flatMap(DelegatedPsiKey::unpad))
        .hasValue(x);
    byte[] otherKey = k.hasher().key(utf8("other"));
    assertThat(DelegatedPsiKey.open(otherKey, tag, out, 0, out.length)).isEmpty();
    assertThat(DelegatedPsiKey.open(key, k.hasher().tag(utf8("other")), out, 0, out.length))
        .isEmpty();
    byte[] badPadding = DelegatedPsiKey.pad(x, padded);
    badPadding[padded - 1] = 1;
    assertThat(DelegatedPsiKey.unpad(badPadding)).isEmpty();
  }
}
