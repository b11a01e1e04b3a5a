package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Intel's identity of the quoting enclave (PCS {@code enclaveIdentity}, version 2), parsed from the
 * signed bytes after their signature was verified.
 *
 * @param id "QE" (SGX) or "TD_QE" (TDX)
 * @param miscSelect expected MISCSELECT under {@code miscSelectMask}
 * @param attributes expected ATTRIBUTES (16 bytes) under {@code attributesMask}
 * @param mrSigner the QE signer's MRSIGNER
 * @param isvProdId the QE's product id
 */
public record QeIdentity(
    String id,
    int version,
    Instant issueDate,
    Instant nextUpdate,
    int tcbEvaluationDataNumber,
    long miscSelect,
    long miscSelectMask,
    Bytes attributes,
    Bytes attributesMask,
    Bytes mrSigner,
    int isvProdId,
    List<EnclaveTcbLevel> tcbLevels) {
  public QeIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(issueDate, "issueDate");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(attributesMask, "attributesMask");
    Objects.requireNonNull(mrSigner, "mrSigner");
    tcbLevels = List.copyOf(tcbLevels);
  }
}
