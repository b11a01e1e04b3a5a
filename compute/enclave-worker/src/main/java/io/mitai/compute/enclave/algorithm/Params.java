package io.mitai.compute.enclave.algorithm;

import io.mitai.compute.enclave.EnclaveException;
import io.mitai.compute.enclave.EnclaveFailure;
import io.mitai.compute.tee.dcap.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Strict reading of an algorithm's {@code params} object; every mistake is INVALID_PARAMS. */
final class Params {
  private final Json.Obj obj;

  Params(Json.Obj obj, List<String> allowed) throws EnclaveException {
    this.obj = obj;
    for (String field : obj.members().keySet()) {
      if (!allowed.contains(field)) {
        throw invalid("unknown parameter `" + field + "`; allowed: " + allowed);
      }
    }
  }

  boolean has(String field) {
    return obj.get(field).filter(n -> !(n instanceof Json.Null)).isPresent();
  }

  Optional<String> optionalText(String field) throws EnclaveException {
    Optional<Json.Node> n = obj.get(field).filter(v -> !(v instanceof Json.Null));
    if (n.isEmpty()) {
      return Optional.empty();
    }
    if (!(n.get() instanceof Json.Str s) || s.value().isBlank()) {
      throw invalid("`params." + field + "` must be a non-blank string");
    }
    return Optional.of(s.value());
  }

  String text(String field) throws EnclaveException {
    return optionalText(field).orElseThrow(() -> invalid("`params." + field + "` is required"));
  }

  List<String> texts(String field, boolean required) throws EnclaveException {
    List<Json.Node> items = list(field, required);
    List<String> out = new ArrayList<>();
    for (Json.Node n : items) {
      if (!(n instanceof Json.Str s) || s.value().isBlank()) {
        throw invalid("`params." + field + "` must list non-blank strings");
      }
      if (out.contains(s.value())) {
        throw invalid("`params." + field + "` names '" + s.value() + "' twice");
      }
      out.add(s.value());
    }
    return out;
  }

  List<Json.Node> list(String field, boolean required) throws EnclaveException {
    Optional<Json.Node> n = obj.get(field).filter(v -> !(v instanceof Json.Null));
    if (n.isEmpty()) {
      if (required) {
        throw invalid("`params." + field + "` is required");
      }
      return List.of();
    }
    if (!(n.get() instanceof Json.Arr a)) {
      throw invalid("`params." + field + "` must be a list");
    }
    return a.items();
  }

  int integer(String field, int absent, int min, int max) throws EnclaveException {
    Optional<Json.Node> n = obj.get(field).filter(v -> !(v instanceof Json.Null));
    if (n.isEmpty()) {
      return absent;
    }
    if (!(n.get() instanceof Json.Num num)) {
      throw invalid("`params." + field + "` must be an integer");
    }
    BigDecimal v = num.value();
    try {
      int i = v.intValueExact();
      if (i < min || i > max) {
        throw invalid("`params." + field + "` must be in " + min + ".." + max);
      }
      return i;
    } catch (ArithmeticException e) {
      throw invalid("`params." + field + "` must be an integer in " + min + ".." + max);
    }
  }

  /** A nested object of a list, read with its own allowed fields. */
  static Params of(Json.Node node, String what, List<String> allowed) throws EnclaveException {
    if (!(node instanceof Json.Obj o)) {
      throw invalid(what + " must be an object");
    }
    return new Params(o, allowed);
  }

  static EnclaveException invalid(String message) {
    return new EnclaveException(EnclaveFailure.INVALID_PARAMS, message);
  }
}
