package io.mitai.compute.tee.dcap;

import java.util.Arrays;
import java.util.Optional;

/** The TEE a quote comes from (quote header field {@code tee_type}). */
public enum TeeType {
  /** Intel SGX enclave; TCB info id "SGX", QE identity id "QE". */
  SGX(0x00, "SGX", "QE"),
  /** Intel TDX trust domain; TCB info id "TDX", QE identity id "TD_QE". */
  TDX(0x81, "TDX", "TD_QE");

  private final int code;
  private final String tcbInfoId;
  private final String qeIdentityId;

  TeeType(int code, String tcbInfoId, String qeIdentityId) {
    this.code = code;
    this.tcbInfoId = tcbInfoId;
    this.qeIdentityId = qeIdentityId;
  }

  /** The header's numeric value. */
  public int code() {
    return code;
  }

  /** The {@code id} of the TCB info that applies. */
  public String tcbInfoId() {
    return tcbInfoId;
  }

  /** The {@code id} of the QE identity that applies. */
  public String qeIdentityId() {
    return qeIdentityId;
  }

  static Optional<TeeType> ofCode(long code) {
    return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
  }
}
