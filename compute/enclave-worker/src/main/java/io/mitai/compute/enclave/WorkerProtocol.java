package io.mitai.compute.enclave;

import io.mitai.compute.deliver.DocumentJson;
import io.mitai.compute.tee.dcap.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node ↔ worker protocol, one job per TLS connection. A frame is {@code kind (u8) | header
 * length (u32) | header (canonical JSON, UTF-8) | body length (u32) | body}. Flow:
 *
 * <pre>
 *   node → worker  JOB       {taskId, algorithm{name,version,measurement}, params, inputs[{index,
 *                             owner, columns}], resultKey, nodeKey, nonce}
 *   worker → node  EVIDENCE  {format, evidence, workerKey, measurement}     (or ERROR)
 *   per input the node's key release decides to serve:
 *   node → worker  KEY       {index, enc, wrappedKey}
 *   node → worker  DATA      {index, segment, last}  body = AES-256-GCM segment
 *   worker → node  INPUT_OK  {index, rows}                                   (or ERROR)
 *   node → worker  RUN       {}          — or ABORT {reason} at any point
 *   worker → node  RESULT    {enc, resultHash, mac}  body = HPKE ciphertext (or ERROR)
 * </pre>
 *
 * A <b>shared job</b> (a compute centre's: its inputs' owners are on other nodes) has {@code
 * attachSeconds} in its JOB, each input names its owner's registered key ({@code ownerKey}, PEM),
 * and {@code parameters} carries the task's canonical parameter document (base64; opaque to the
 * worker, which owners check against the ledger's hash). The requester sends the inputs it owns,
 * then RUN, which waits up to {@code attachSeconds} for the others. Each other owner, on a
 * connection of its own:
 *
 * <pre>
 *   owner → worker  ATTACH   {taskId, index, nonce}
 *   worker → owner  EVIDENCE {format, evidence, workerKey, measurement, job}   job = base64 of the
 *                            JOB header; the evidence binds JobCrypto.attachNonce(nonce, job hash)
 *   owner → worker  KEY      {index, enc, wrappedKey, signature}   signature: the owner's, on
 *                            JobCrypto's release statement — or REFUSE {index, reason}
 *   owner → worker  DATA     … as above
 *   worker → owner  INPUT_OK {index, rows}                                   (or ERROR)
 * </pre>
 *
 * A refusal fails the job with KEY_RELEASE_REFUSED and the owner's reason; an input that does not
 * arrive in time fails it with INPUT_MISSING; the requester's connection ending discards the job,
 * and every attached owner then gets an error.
 *
 * <p>The worker as JOINT_STATS dealer (see {@link DealerSession}):
 *
 * <pre>
 *   node → worker  DEAL      {taskId, nonce, spec{inputs, requester, dealer, key, statistics,
 *                             target?}, parties[{id, host, port, certificate}], timeoutSeconds}
 *   worker → node  EVIDENCE  {format, evidence, certificate, port, measurement}  (the dealer's TLS
 *                             key is the attested key)
 *   node → worker  RUN       once the parties pinned the attested certificate — or ABORT
 *   worker → node  DEALT     {}  after the session                                | ERROR
 * </pre>
 *
 * Keys are hex, binary values base64 (standard, padded). {@link JobCrypto} defines every
 * cryptographic binding.
 */
public final class WorkerProtocol {
  /** Largest header. */
  static final int MAX_HEADER = 1 << 20;

  /** Largest body (a sealed result). */
  static final int MAX_BODY = 64 << 20;

  /** Frame kinds; the numbers are the wire values. */
  public enum Kind {
    JOB(1),
    EVIDENCE(2),
    KEY(3),
    DATA(4),
    INPUT_OK(5),
    RUN(6),
    RESULT(7),
    ERROR(8),
    ABORT(9),
    DEAL(10),
    DEALT(11),
    ATTACH(12),
    REFUSE(13);

    final int wire;

    Kind(int wire) {
      this.wire = wire;
    }

    static Kind of(int wire) throws EnclaveException {
      for (Kind k : values()) {
        if (k.wire == wire) {
          return k;
        }
      }
      throw new EnclaveException(EnclaveFailure.PROTOCOL_VIOLATION, "unknown frame kind " + wire);
    }
  }

  /** One frame; {@code header} is the raw canonical JSON (hashed as sent for JOB). */
  public record Frame(Kind kind, byte[] header, byte[] body) {
    /** The header parsed. */
    Json.Obj json() throws EnclaveException {
      try {
        if (Json.parse(header) instanceof Json.Obj o) {
          return o;
        }
      } catch (Json.JsonException e) {
        throw violation(kind + " header is not JSON: " + e.getMessage());
      }
      throw violation(kind + " header is not a JSON object");
    }
  }

  private WorkerProtocol() {}

  static void write(DataOutputStream out, Kind kind, Map<String, ?> header, byte[] body)
      throws IOException {
    byte[] h = DocumentJson.encode(header);
    writeRaw(out, kind, h, body);
  }

  static void writeRaw(DataOutputStream out, Kind kind, byte[] header, byte[] body)
      throws IOException {
    out.writeByte(kind.wire);
    out.writeInt(header.length);
    out.write(header);
    out.writeInt(body.length);
    out.write(body);
    out.flush();
  }

  static Frame read(DataInputStream in) throws IOException, EnclaveException {
    int kind;
    try {
      kind = in.readUnsignedByte();
    } catch (EOFException e) {
      throw new EOFException("the peer closed the connection");
    }
    Kind k = Kind.of(kind);
    int hl = in.readInt();
    if (hl < 0 || hl > MAX_HEADER) {
      throw violation("header of " + hl + " bytes");
    }
    byte[] header = new byte[hl];
    in.readFully(header);
    int bl = in.readInt();
    if (bl < 0 || bl > MAX_BODY) {
      throw violation("body of " + bl + " bytes");
    }
    byte[] body = new byte[bl];
    in.readFully(body);
    return new Frame(k, header, body);
  }

  static EnclaveException violation(String message) {
    return new EnclaveException(EnclaveFailure.PROTOCOL_VIOLATION, message);
  }

  static String text(Json.Obj o, String field) throws EnclaveException {
    if (o.get(field).orElse(null) instanceof Json.Str s) {
      return s.value();
    }
    throw violation("field '" + field + "' must be a string");
  }

  static long number(Json.Obj o, String field) throws EnclaveException {
    if (o.get(field).orElse(null) instanceof Json.Num n) {
      try {
        return n.value().longValueExact();
      } catch (ArithmeticException e) {
        throw violation("field '" + field + "' must be an integer");
      }
    }
    throw violation("field '" + field + "' must be a number");
  }

  static boolean bool(Json.Obj o, String field) throws EnclaveException {
    if (o.get(field).orElse(null) instanceof Json.Bool b) {
      return b.value();
    }
    throw violation("field '" + field + "' must be a boolean");
  }

  static Json.Obj object(Json.Obj o, String field) throws EnclaveException {
    if (o.get(field).orElse(null) instanceof Json.Obj v) {
      return v;
    }
    throw violation("field '" + field + "' must be an object");
  }

  static List<Json.Node> list(Json.Obj o, String field) throws EnclaveException {
    if (o.get(field).orElse(null) instanceof Json.Arr a) {
      return a.items();
    }
    throw violation("field '" + field + "' must be a list");
  }

  /** An input's {@code columns}: a list of names. */
  static List<String> columns(Json.Obj input) throws EnclaveException {
    List<String> columns = new java.util.ArrayList<>();
    for (Json.Node c : list(input, "columns")) {
      if (!(c instanceof Json.Str s)) {
        throw violation("column names are strings");
      }
      columns.add(s.value());
    }
    return columns;
  }

  static byte[] hex(Json.Obj o, String field, int length) throws EnclaveException {
    try {
      byte[] b = HexFormat.of().parseHex(text(o, field));
      if (b.length != length) {
        throw violation("field '" + field + "' must be " + length + " bytes");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw violation("field '" + field + "' must be hex");
    }
  }

  static byte[] base64(Json.Obj o, String field) throws EnclaveException {
    try {
      return Base64.getDecoder().decode(text(o, field));
    } catch (IllegalArgumentException e) {
      throw violation("field '" + field + "' must be base64");
    }
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** A canonical-JSON value tree (as DocumentJson writes) of a parsed JSON node. */
  static Object tree(Json.Node n) {
    if (n instanceof Json.Obj o) {
      java.util.SortedMap<String, Object> m = new java.util.TreeMap<>();
      o.members().forEach((k, v) -> m.put(k, tree(v)));
      return m;
    } else if (n instanceof Json.Arr a) {
      return a.items().stream().map(WorkerProtocol::tree).toList();
    } else if (n instanceof Json.Str s) {
      return s.value();
    } else if (n instanceof Json.Num num) {
      BigDecimal v = num.value();
      try {
        return v.longValueExact();
      } catch (ArithmeticException e) {
        return v;
      }
    } else if (n instanceof Json.Bool b) {
      return b.value();
    }
    return Optional.empty();
  }
}
