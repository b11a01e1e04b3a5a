package io.mitai.ledger.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;

class ProposalSignerTest {

  private static KeyPair keyPair(String curve) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  private static byte[] sha256(String message) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void signaturesOverTheGatewaysDigestVerifyAsEcdsaWithSha256OfTheMessage() throws Exception {
    KeyPair pair = keyPair("secp256r1");
    ProposalSigner signer = ProposalSigner.of(pair.getPrivate());
    for (int i = 0; i < 50; i++) {
      String message = "proposal " + i;
      byte[] signature = signer.sign(sha256(message));
      Signature verify = Signature.getInstance("SHA256withECDSA");
      verify.initVerify(pair.getPublic());
      verify.update(message.getBytes(StandardCharsets.UTF_8));
      assertThat(verify.verify(signature)).as("signature %d", i).isTrue();
    }
  }

  @Test
  void everySignatureHasLowSAsFabricRequires() throws Exception {
    KeyPair pair = keyPair("secp256r1");
    BigInteger halfOrder = ((ECPublicKey) pair.getPublic()).getParams().getOrder().shiftRight(1);
    ProposalSigner signer = ProposalSigner.of(pair.getPrivate());
    for (int i = 0; i < 200; i++) {
      ASN1Sequence rs = ASN1Sequence.getInstance(signer.sign(sha256("tx " + i)));
      BigInteger s = ASN1Integer.getInstance(rs.getObjectAt(1)).getValue();
      assertThat(s).as("s of signature %d", i).isLessThanOrEqualTo(halfOrder);
    }
  }

  @Test
  void nonceIsDeterministicSoTheSameDigestGivesTheSameSignature() throws Exception {
    ProposalSigner signer = ProposalSigner.of(keyPair("secp256r1").getPrivate());
    byte[] digest = sha256("commit status");
    assertThat(signer.sign(digest)).isEqualTo(signer.sign(digest));
    assertThat(signer.sign(digest)).isNotEqualTo(signer.sign(sha256("another")));
  }

  @Test
  void refusesAKeyOnAnotherCurveOrOfAnotherKind() throws Exception {
    assertThatThrownBy(() -> ProposalSigner.of(keyPair("secp384r1").getPrivate()))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("P-256");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    assertThatThrownBy(() -> ProposalSigner.of(rsa.generateKeyPair().getPrivate()))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("EC key");
  }
}
