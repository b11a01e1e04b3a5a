package io.mitai.platform.task.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mitai.compute.ops.PsiProtocol;
import java.util.List;

/**
 * The protocol a PSI or JOINT_STATS task runs when its params name none.
 *
 * <p>What each reveals decides where there is a choice at all: PSI_CARDINALITY stays on ECDH (OT
 * would show the requester which of its keys matched); PSI asked by an organisation holding no
 * input runs delegated PSI; JOINT_STATS with more than two inputs aligns by the ECDH ring. Where
 * both protocols reveal the same (two-party PSI to an input owner; two-input JOINT_STATS, where
 * each input party learns its aligned keys either way), size decides: OT-extension PSI pays a fixed
 * 512 base OTs (about 2,000 curve25519 multiplications for both parties) and then only AES and
 * SHA-256, ECDH-PSI four multiplications per key, so OT is cheaper from a few hundred keys on and
 * {@value #OT_FROM_ROWS} rows leaves a margin (benchmarks/REPORT-compute.md).
 *
 * <p>The choice is written into the params ({@code "protocol": "OT"}) before they are hashed, so
 * the ledger's parameterHash and protocol label record it and every party's node builds the same
 * session; an absent protocol keeps meaning ECDH.
 */
final class ProtocolChoice {
  /** From this many rows in the larger input, OT-extension PSI is the default. */
  static final long OT_FROM_ROWS = 1_000;

  private ProtocolChoice() {}

  /** {@code params}, with {@code "protocol": "OT"} added where OT is the better default. */
  static JsonNode withDefault(
      TaskOperation operation, String requester, List<AssetSchema> inputs, JsonNode params) {
    if (params.has("protocol") || !choosesOt(operation, requester, inputs)) {
      return params;
    }
    ObjectNode chosen = ((ObjectNode) params).deepCopy();
    chosen.put("protocol", PsiProtocol.OT.name());
    return chosen;
  }

  private static boolean choosesOt(
      TaskOperation operation, String requester, List<AssetSchema> inputs) {
    long largest = inputs.stream().mapToLong(AssetSchema::rowCount).max().orElse(0);
    boolean large = largest >= OT_FROM_ROWS;
    return switch (operation) {
      case PSI -> large && inputs.stream().anyMatch(a -> a.owner().equals(requester));
      case JOINT_STATS -> large && inputs.size() == 2;
      case PSI_CARDINALITY, SECURE_AGGREGATE, TEE_JOB -> false;
    };
  }
}
