package io.mitai.chaincode.memory;

/** Whether a transaction may write: a submitted one may, an evaluated (query) one may not. */
public enum Access {
  /** Writes are buffered in the write set. */
  READ_WRITE,
  /** Every write is refused, as nothing an evaluation writes could ever be committed. */
  READ_ONLY
}
