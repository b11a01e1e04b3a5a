package io.mitai.platform.problem;

import java.net.URI;
import java.util.Locale;

/**
 * The stable problem types of the REST API (RFC 9457). Each has a URI {@code
 * https://mitai.io/problems/<slug>}, an HTTP status and a title; clients switch on the URI.
 */
public enum ProblemType {
  /** No valid credentials were presented. */
  UNAUTHENTICATED(401, "Authentication required"),
  /** The caller is authenticated but may not do this. */
  FORBIDDEN(403, "Forbidden"),
  /**
   * A write with the console's session cookie lacked {@code X-Requested-With} or came from another
   * origin (cross-site request forgery); nothing was done.
   */
  CROSS_SITE_REQUEST(403, "Cross-site request refused"),
  /** Too many failed sign-ins for this user or from this address; see {@code Retry-After}. */
  TOO_MANY_FAILED_SIGN_INS(429, "Too many failed sign-ins"),
  /** No such resource, or not visible to the caller. */
  NOT_FOUND(404, "Not found"),
  /** The request is malformed or a field is invalid. */
  INVALID_REQUEST(400, "Invalid request"),
  /**
   * The request body is not strict JSON: malformed, a duplicate key, an unknown field, or a value
   * of the wrong type (no coercion: {@code "5"} is not a number, {@code 2.5} not an integer).
   */
  INVALID_JSON(400, "Invalid JSON body"),
  /** The HTTP method is not supported on this path. */
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  /** The request's media type is not accepted here. */
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  /** The upload is larger than the configured limits (bytes, rows, columns or cell length). */
  PAYLOAD_TOO_LARGE(413, "Payload too large"),
  /** The CSV cannot be parsed. */
  MALFORMED_CSV(422, "Malformed CSV"),
  /** The CSV has no header or no data rows. */
  EMPTY_DATA(422, "Empty data set"),
  /** A value does not match its column's declared type. */
  WRONG_COLUMN_TYPE(422, "Wrong column type"),
  /** A column named in the request does not exist. */
  UNKNOWN_COLUMN(422, "Unknown column"),
  /** The ledger refused the input as invalid (chaincode INVALID_ARGUMENT). */
  INVALID_ARGUMENT(422, "Invalid argument"),
  /** The record already exists (chaincode ALREADY_EXISTS). */
  ALREADY_EXISTS(409, "Already exists"),
  /** The record's state does not allow this (chaincode INVALID_STATE). */
  INVALID_STATE(409, "Invalid state"),
  /** The asset has been destroyed; its data key is gone. */
  ASSET_DESTROYED(410, "Asset destroyed"),
  /** The operation is not offered by this node's compute engine (yet). */
  OPERATION_UNAVAILABLE(501, "Operation not available"),
  /**
   * The task's parties cannot be formed on this node (an input owner not hosted here, PSI without
   * the requester's own input, JOINT_STATS without a dealer that holds no input).
   */
  UNSUPPORTED_SESSION(422, "Session not supported"),
  /** The task has no result (yet, or ever): it is not SUCCEEDED on the ledger. */
  RESULT_UNAVAILABLE(409, "Result not available"),
  /** A task was refused by the ledger's rules; see {@code reason}. */
  TASK_REJECTED(403, "Task rejected"),
  /**
   * The block explorer (blocks, transactions, proofs, verification) is not available with this
   * ledger: on Fabric it needs the channel's blocks mirrored, which this node does not do yet.
   */
  EXPLORER_UNAVAILABLE(501, "Ledger explorer not available"),
  /** The ledger cannot be reached now; writes are queued and retried. */
  LEDGER_UNAVAILABLE(503, "Ledger unavailable"),
  /** The stored ciphertext does not authenticate. */
  INTEGRITY_FAILURE(500, "Integrity failure"),
  /** An unexpected failure on the node. */
  INTERNAL(500, "Internal error");

  public static final String BASE = "https://mitai.io/problems/";

  private final int status;
  private final String title;

  ProblemType(int status, String title) {
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String slug() {
    return slugOf(name());
  }

  public URI uri() {
    return URI.create(BASE + slug());
  }

  /** {@code GRANT_EXPIRED} to {@code grant-expired}. */
  public static String slugOf(String constant) {
    return constant.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
