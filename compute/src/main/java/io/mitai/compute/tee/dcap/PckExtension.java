package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import io.mitai.compute.tee.evidence.EvidenceRejectedException;
import io.mitai.compute.tee.evidence.RefusalReason;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's TCB as
 * certified by Intel at provisioning time, its FMSPC and PCE-ID. The TCB evaluation compares these
 * certified values, not anything the quote claims, with the TCB info's levels.
 *
 * @param componentSvns the 16 SGX TCB component SVNs (OIDs …13.1.2.1 to …13.1.2.16)
 * @param pceSvn the certified PCE SVN (…13.1.2.17)
 * @param cpuSvn the raw 16-byte CPUSVN (…13.1.2.18)
 * @param pceId 2 bytes (…13.1.3)
 * @param fmspc 6 bytes, the family-model-stepping-platform-custom-SKU (…13.1.4)
 */
public record PckExtension(
    List<Integer> componentSvns, int pceSvn, Bytes cpuSvn, Bytes pceId, Bytes fmspc) {

  /** The SGX extension's OID. */
  public static final String OID = "1.2.840.113741.1.13.1";

  public PckExtension {
    componentSvns = List.copyOf(componentSvns);
    Objects.requireNonNull(cpuSvn, "cpuSvn");
    Objects.requireNonNull(pceId, "pceId");
    Objects.requireNonNull(fmspc, "fmspc");
    if (componentSvns.size() != 16 || fmspc.length() != 6 || pceId.length() != 2) {
      throw new IllegalArgumentException("16 component SVNs, a 6-byte FMSPC and 2-byte PCE-ID");
    }
  }

  /** Reads the extension of a PCK leaf certificate. */
  public static PckExtension of(X509Certificate pckLeaf) throws EvidenceRejectedException {
    byte[] ext = pckLeaf.getExtensionValue(OID);
    if (ext == null) {
      throw bad("the PCK leaf has no SGX extension");
    }
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(ASN1OctetString.getInstance(ext).getOctets());
      List<Integer> comps = new ArrayList<>();
      int pceSvn = -1;
      Bytes cpuSvn = null;
      Bytes pceId = null;
      Bytes fmspc = null;
      for (ASN1Encodable e : seq) {
        ASN1Sequence pair = ASN1Sequence.getInstance(e);
        String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
        ASN1Primitive value = pair.getObjectAt(1).toASN1Primitive();
        switch (oid.substring(OID.length())) {
          case ".2" -> {
            for (ASN1Encodable t : ASN1Sequence.getInstance(value)) {
              ASN1Sequence tp = ASN1Sequence.getInstance(t);
              String toid = ASN1ObjectIdentifier.getInstance(tp.getObjectAt(0)).getId();
              ASN1Primitive tv = tp.getObjectAt(1).toASN1Primitive();
              int index = Integer.parseInt(toid.substring((OID + ".2.").length()));
              if (index >= 1 && index <= 16) {
                if (index != comps.size() + 1) {
                  throw bad("TCB components out of order");
                }
                comps.add(ASN1Integer.getInstance(tv).intValueExact());
              } else if (index == 17) {
                pceSvn = ASN1Integer.getInstance(tv).intValueExact();
              } else if (index == 18) {
                cpuSvn = Bytes.of(ASN1OctetString.getInstance(tv).getOctets());
              }
            }
          }
          case ".3" -> pceId = Bytes.of(ASN1OctetString.getInstance(value).getOctets());
          case ".4" -> fmspc = Bytes.of(ASN1OctetString.getInstance(value).getOctets());
          default -> {
            // PPID, SGX type, platform instance and configuration are not needed for verification.
          }
        }
      }
      if (comps.size() != 16 || pceSvn < 0 || cpuSvn == null || pceId == null || fmspc == null) {
        throw bad("the SGX extension lacks TCB, PCE-ID or FMSPC");
      }
      return new PckExtension(comps, pceSvn, cpuSvn, pceId, fmspc);
    } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
      throw new EvidenceRejectedException(
          RefusalReason.PCK_CHAIN_MALFORMED, "unreadable SGX extension: " + e.getMessage(), e);
    }
  }

  private static EvidenceRejectedException bad(String detail) {
    return new EvidenceRejectedException(RefusalReason.PCK_CHAIN_MALFORMED, detail);
  }
}
