package io.mitai.compute.enclave.algorithm;

import io.mitai.compute.ops.Table;
import java.util.List;
import java.util.Objects;

/**
 * One input of an enclave job: the owner organisation and its decrypted columns (granted columns
 * only, named as in the owner's asset). Its columns are addressed in parameters as {@code
 * owner.column}, or by the bare column name when no other input has a column of that name.
 */
public record InputTable(String owner, Table table) {
  public InputTable {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(table, "table");
  }

  /** The input's column names. */
  public List<String> columns() {
    return table.columns();
  }
}
