package io.mitai.platform.grant.api;

import java.util.List;

/**
 * A grant to issue: what the grantee may do with the asset. {@code validFrom} (optional, default
 * now) and {@code validUntil} are ISO-8601 instants; {@code minAssurance} is MPC_SEMI_HONEST,
 * TEE_SIMULATED or TEE_HARDWARE; {@code algorithms} are SHA-256 measurements (hex), for TEE_JOB;
 * {@code minGroupSize} (optional, 2..1000000, default 10) is the aggregation floor: the fewest rows
 * behind any group, intersection or statistic a task using the grant may release.
 */
public record GrantRequest(
    String assetId,
    String grantee,
    List<String> operations,
    List<String> columns,
    String purpose,
    String legalBasis,
    String validFrom,
    String validUntil,
    Integer maxUses,
    String minAssurance,
    List<String> algorithms,
    Integer minGroupSize) {}
