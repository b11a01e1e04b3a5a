package io.mitai.contract.model;

/**
 * Why a task submission was refused. Recorded on the {@code REJECTED} task; stable codes that the
 * REST edge turns into problem types. Checks of the task as a whole (its recipients, its TEE
 * algorithm) run first; then input checks run in input order and, per input, in the order of these
 * constants (asset first, then the grant), and the first failure is reported.
 */
public enum RejectionReason {
  /** A result recipient is not a registered organisation. */
  RECIPIENT_NOT_REGISTERED,
  /** The TEE_JOB's algorithm measurement is not registered on the ledger's allow-list. */
  ALGORITHM_NOT_REGISTERED,
  /** An input names an asset that does not exist. */
  ASSET_NOT_FOUND,
  /** An input names an asset that has been destroyed. */
  ASSET_DESTROYED,
  /** An input requests a column that the asset's schema does not have. */
  COLUMN_NOT_IN_ASSET,
  /** No grant to the requester exists for an input asset the requester does not own. */
  NO_GRANT,
  /** An input names a grant id that does not exist. */
  GRANT_NOT_FOUND,
  /** The named grant is for another asset. */
  GRANT_NOT_FOR_ASSET,
  /** The named grant was issued to another organisation. */
  GRANT_NOT_FOR_REQUESTER,
  /** The grant has been revoked. */
  GRANT_REVOKED,
  /** The transaction time is before the grant's {@code validFrom}. */
  GRANT_NOT_YET_VALID,
  /** The transaction time is at or after the grant's {@code validUntil}. */
  GRANT_EXPIRED,
  /** The grant has no uses left. */
  GRANT_EXHAUSTED,
  /** The grant does not allow the task's operation. */
  OPERATION_NOT_GRANTED,
  /** The grant does not cover every column the input requests. */
  COLUMN_NOT_GRANTED,
  /** The task's assurance level does not satisfy the grant's minimum. */
  ASSURANCE_INSUFFICIENT,
  /** The TEE algorithm measurement is not on the grant's allow-list. */
  ALGORITHM_NOT_GRANTED,
  /** A result recipient of the task is not among the grant's result recipients. */
  RECIPIENT_NOT_ALLOWED,
  /** The task asks for a smaller aggregation floor ({@code minGroupSize}) than the grant's. */
  GROUP_TOO_SMALL,
  /** A TEE_JOB names a compute centre that is not registered on the ledger. */
  COMPUTE_CENTRE_UNKNOWN
}
