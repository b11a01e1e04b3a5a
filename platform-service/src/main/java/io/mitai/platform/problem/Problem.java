package io.mitai.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}). {@code code} carries the
 * ledger's error code or rejection reason when one caused the problem; {@code ledgerTxId} the
 * transaction that recorded a refusal.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    String instance,
    String code,
    String ledgerTxId) {

  public static final String MEDIA_TYPE = "application/problem+json";
}
