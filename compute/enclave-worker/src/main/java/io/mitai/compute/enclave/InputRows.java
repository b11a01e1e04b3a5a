package io.mitai.compute.enclave;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plaintext of an input as it travels (encrypted in segments) to the worker: rows one after the
 * other, each cell as {@code u32 length ‖ UTF-8 bytes}, a missing cell as {@code 0xFFFFFFFF}. The
 * width is the input's column count from the JOB header.
 */
final class InputRows {
  private static final int MISSING = -1;

  /** Most plaintext bytes of one input held by the worker. */
  static final int MAX_BYTES = 256 << 20;

  /**
   * Decoded rows take several times their encoded size (a String per cell), and the algorithm's
   * working set comes on top: the plaintext of all inputs together is refused beyond an eighth of
   * the heap, with LIMIT_EXCEEDED, instead of the worker running out of memory mid-job.
   */
  static long heldLimit() {
    return Runtime.getRuntime().maxMemory() / 8;
  }

  private InputRows() {}

  /** Appends one row's encoding to {@code out}. */
  static void encode(List<String> row, ByteArrayOutputStream out) {
    for (String cell : row) {
      if (cell == null || cell.isBlank()) {
        out.write(ByteBuffer.allocate(4).putInt(MISSING).array(), 0, 4);
      } else {
        byte[] b = cell.getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(4).putInt(b.length).array(), 0, 4);
        out.write(b, 0, b.length);
      }
    }
  }

  /** Parses the whole plaintext of an input; wipes nothing (the caller owns {@code plain}). */
  static List<List<String>> decode(byte[] plain, int length, int width) throws EnclaveException {
    List<List<String>> rows = new ArrayList<>();
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(plain, 0, length));
    try {
      while (in.available() > 0) {
        String[] row = new String[width];
        for (int c = 0; c < width; c++) {
          int n = in.readInt();
          if (n == MISSING) {
            row[c] = "";
          } else if (n < 0 || n > in.available()) {
            throw malformed();
          } else {
            byte[] b = new byte[n];
            in.readFully(b);
            row[c] = new String(b, StandardCharsets.UTF_8);
            Arrays.fill(b, (byte) 0);
          }
        }
        rows.add(Arrays.asList(row));
      }
    } catch (IOException e) {
      throw malformed();
    }
    return rows;
  }

  private static EnclaveException malformed() {
    return new EnclaveException(EnclaveFailure.INVALID_INPUT, "an input's rows are malformed");
  }
}
