package io.mitai.compute.tee.dcap;

import io.mitai.compute.tee.evidence.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * The expected TDX module (TCB info {@code tdxModule}, or one of {@code tdxModuleIdentities}).
 *
 * @param id "TDX_" and the module's major version as two hex digits (e.g. "TDX_01"); "TDX" for the
 *     generic {@code tdxModule} entry
 * @param mrSigner expected MRSIGNERSEAM (48 bytes)
 * @param attributes expected SEAMATTRIBUTES under {@code attributesMask} (8 bytes each)
 * @param tcbLevels levels by module SVN (empty for the generic entry)
 */
public record TdxModuleIdentity(
    String id,
    Bytes mrSigner,
    Bytes attributes,
    Bytes attributesMask,
    List<EnclaveTcbLevel> tcbLevels) {
  public TdxModuleIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mrSigner, "mrSigner");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(attributesMask, "attributesMask");
    tcbLevels = List.copyOf(tcbLevels);
  }
}
