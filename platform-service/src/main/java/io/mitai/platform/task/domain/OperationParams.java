package io.mitai.platform.task.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.mitai.compute.ops.Aggregate;
import io.mitai.compute.ops.PsiProtocol;
import io.mitai.compute.ops.Statistic;
import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code params} of a task, parsed per operation (DESIGN §8). Unknown fields and wrong shapes
 * are refused with an {@code invalid-argument} problem before anything reaches the ledger.
 */
public sealed interface OperationParams {

  /**
   * PSI and PSI_CARDINALITY: {@code {"protocol": "ECDH"|"OT"?}} (default ECDH). OT-PSI only for PSI
   * asked by one of the two owners: its requester learns which of its own keys matched, so it
   * cannot serve PSI_CARDINALITY.
   */
  record Psi(PsiProtocol protocol) implements OperationParams {
    public Psi {
      java.util.Objects.requireNonNull(protocol);
    }
  }

  /**
   * SECURE_AGGREGATE: {@code {"aggregates": [...], "groupBy": column?, "minGroupSize": k?}}.
   *
   * @param aggregates non-empty subset of COUNT, SUM, MEAN, VARIANCE, STDDEV
   * @param groupBy a column of every input, not aggregated itself
   * @param minGroupSize groups with fewer rows (all inputs together) are suppressed; 0 = not given
   *     (the task then runs at the floor the ledger records from its grants)
   */
  record SecureAggregate(Set<Aggregate> aggregates, Optional<String> groupBy, int minGroupSize)
      implements OperationParams {
    public SecureAggregate {
      aggregates = Set.copyOf(aggregates);
    }
  }

  /**
   * JOINT_STATS: {@code {"key": column, "statistics": [...], "target": column?, "dealer":
   * "ORGANISATION"|"ENCLAVE"?, "minGroupSize": k?, "protocol": "ECDH"|"OT"?}}.
   *
   * @param key the join column, present in every input's columns
   * @param statistics non-empty subset of COUNT, SUM, DOT, COVARIANCE, CORRELATION, REGRESSION
   * @param target the regressand ({@code org.column} or a column only one input has); REGRESSION
   *     needs it
   * @param dealer who deals the Beaver triples (default: an organisation holding no input)
   * @param minGroupSize the fewest intersecting rows the statistics may cover; 0 = not given (the
   *     ledger's floor applies)
   * @param alignment how the rows are aligned: ECDH-PSI (default), or OT-extension PSI for exactly
   *     two inputs (it reveals the same to each input party)
   */
  record JointStats(
      String key,
      Set<Statistic> statistics,
      Optional<String> target,
      Dealer dealer,
      int minGroupSize,
      PsiProtocol alignment)
      implements OperationParams {
    public JointStats {
      statistics = Set.copyOf(statistics);
      java.util.Objects.requireNonNull(alignment);
    }
  }

  /** Parses and checks {@code params} for {@code operation} over the given inputs. */
  static OperationParams parse(TaskOperation operation, List<TaskPlan.Input> inputs, JsonNode p) {
    if (!p.isObject()) {
      throw invalid("`params` must be a JSON object");
    }
    return switch (operation) {
      case PSI, PSI_CARDINALITY -> {
        onlyFields(p, List.of("protocol"));
        PsiProtocol protocol = psiProtocol(p);
        if (protocol == PsiProtocol.OT && operation == TaskOperation.PSI_CARDINALITY) {
          throw invalid(
              "`params.protocol` OT reveals the matching keys to the requester: PSI_CARDINALITY"
                  + " runs on ECDH");
        }
        for (TaskPlan.Input input : inputs) {
          if (input.columns().size() != 1) {
            throw invalid(
                operation
                    + " takes exactly one key column per input; asset '"
                    + input.assetId()
                    + "' names "
                    + input.columns().size());
          }
        }
        yield new Psi(protocol);
      }
      case SECURE_AGGREGATE -> {
        onlyFields(p, List.of("aggregates", "groupBy", "minGroupSize"));
        Set<Aggregate> aggregates =
            names(
                p.get("aggregates"), "aggregates", Aggregate.class, EnumSet.allOf(Aggregate.class));
        Optional<String> groupBy = optionalText(p, "groupBy");
        int minGroupSize = minGroupSize(p);
        List<String> first = inputs.get(0).columns();
        for (TaskPlan.Input input : inputs) {
          if (!Set.copyOf(input.columns()).equals(Set.copyOf(first))) {
            throw invalid(
                "SECURE_AGGREGATE needs the same columns from every input: asset '"
                    + input.assetId()
                    + "' names "
                    + input.columns()
                    + " but the first input names "
                    + first);
          }
        }
        if (groupBy.isPresent() && !first.contains(groupBy.get())) {
          throw invalid(
              "`params.groupBy` '" + groupBy.get() + "' must be one of the input columns " + first);
        }
        if (groupBy.isPresent()
            && first.size() == 1
            && !aggregates.equals(EnumSet.of(Aggregate.COUNT))) {
          throw invalid("nothing to aggregate: the only input column is the groupBy column");
        }
        yield new SecureAggregate(aggregates, groupBy, minGroupSize);
      }
      case JOINT_STATS -> {
        onlyFields(p, List.of("key", "statistics", "target", "dealer", "minGroupSize", "protocol"));
        int minGroupSize = minGroupSize(p);
        PsiProtocol alignment = psiProtocol(p);
        if (alignment == PsiProtocol.OT && inputs.size() != 2) {
          throw invalid(
              "`params.protocol` OT aligns exactly two inputs; with "
                  + inputs.size()
                  + " JOINT_STATS aligns them by ECDH");
        }
        String key =
            optionalText(p, "key").orElseThrow(() -> invalid("`params.key` names the join column"));
        Set<Statistic> statistics =
            names(
                p.get("statistics"),
                "statistics",
                Statistic.class,
                EnumSet.noneOf(Statistic.class));
        if (statistics.isEmpty()) {
          throw invalid(
              "`params.statistics` must name at least one of " + List.of(Statistic.values()));
        }
        Optional<String> target = optionalText(p, "target");
        if (statistics.contains(Statistic.REGRESSION) && target.isEmpty()) {
          throw invalid("REGRESSION needs `params.target`");
        }
        for (TaskPlan.Input input : inputs) {
          if (!input.columns().contains(key)) {
            throw invalid(
                "every JOINT_STATS input names the key column '"
                    + key
                    + "'; asset '"
                    + input.assetId()
                    + "' does not");
          }
          if (input.columns().size() < 2) {
            throw invalid(
                "every JOINT_STATS input contributes at least one value column besides the key;"
                    + " asset '"
                    + input.assetId()
                    + "' does not");
          }
        }
        if (target.isPresent()) {
          checkTarget(target.get(), key, inputs);
        }
        Dealer dealer =
            optionalText(p, "dealer")
                .map(
                    d ->
                        Dealer.parse(d)
                            .orElseThrow(
                                () ->
                                    invalid(
                                        "`params.dealer` must be one of "
                                            + List.of(Dealer.values()))))
                .orElse(Dealer.ORGANISATION);
        yield new JointStats(key, statistics, target, dealer, minGroupSize, alignment);
      }
      case TEE_JOB -> throw new IllegalArgumentException("TEE_JOB has no parameters parser");
    };
  }

  /** The largest aggregation floor a task may ask for (the ledger's bound). */
  int MAX_GROUP_SIZE = 1_000_000;

  /**
   * The {@code minGroupSize} a task's params ask for, 1..{@value #MAX_GROUP_SIZE}, or 0 when not
   * given. Below a grant's floor the ledger rejects the task (GROUP_TOO_SMALL).
   */
  static int minGroupSize(JsonNode p) {
    JsonNode k = p.get("minGroupSize");
    if (k == null || k.isNull()) {
      return 0;
    }
    if (!k.isIntegralNumber()
        || !k.canConvertToInt()
        || k.asInt() < 1
        || k.asInt() > MAX_GROUP_SIZE) {
      throw invalid("`params.minGroupSize` must be an integer 1.." + MAX_GROUP_SIZE);
    }
    return k.asInt();
  }

  private static void checkTarget(String target, String key, List<TaskPlan.Input> inputs) {
    List<String> qualified = new ArrayList<>();
    int bare = 0;
    for (TaskPlan.Input input : inputs) {
      for (String column : input.columns()) {
        if (!column.equals(key)) {
          qualified.add(input.owner() + "." + column);
          if (column.equals(target)) {
            bare++;
          }
        }
      }
    }
    if (!qualified.contains(target) && bare != 1) {
      throw invalid(
          "`params.target` must be one of "
              + qualified
              + (bare > 1 ? " (the bare name '" + target + "' is ambiguous)" : ""));
    }
  }

  /**
   * {@code params.protocol} of a PSI or JOINT_STATS task: ECDH when absent (as it always meant;
   * planning writes OT in when it chooses it, see {@link ProtocolChoice}) or OT.
   */
  static PsiProtocol psiProtocol(JsonNode p) {
    Optional<String> name = optionalText(p, "protocol");
    if (name.isEmpty()) {
      return PsiProtocol.ECDH;
    }
    try {
      return PsiProtocol.valueOf(name.get());
    } catch (IllegalArgumentException e) {
      throw invalid("`params.protocol` must be ECDH or OT, not '" + name.get() + "'");
    }
  }

  private static void onlyFields(JsonNode p, List<String> allowed) {
    for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field)) {
        throw invalid(
            "unknown parameter `"
                + field
                + "`"
                + (allowed.isEmpty() ? "; this operation takes `{}`" : "; allowed: " + allowed));
      }
    }
  }

  private static Optional<String> optionalText(JsonNode p, String field) {
    JsonNode v = p.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw invalid("`params." + field + "` must be a column name");
    }
    return Optional.of(v.asText());
  }

  private static <E extends Enum<E>> Set<E> names(
      JsonNode array, String field, Class<E> type, Set<E> absent) {
    if (array == null || array.isNull()) {
      return absent;
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name());
    }
    if (!array.isArray() || array.isEmpty()) {
      throw invalid("`params." + field + "` must be a non-empty list of " + allowed);
    }
    Set<E> out = EnumSet.noneOf(type);
    for (JsonNode n : array) {
      if (!n.isTextual() || !allowed.contains(n.asText())) {
        throw invalid("`params." + field + "` has '" + n.asText() + "'; use " + allowed);
      }
      if (!out.add(Enum.valueOf(type, n.asText()))) {
        throw invalid("`params." + field + "` names '" + n.asText() + "' twice");
      }
    }
    return out;
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_ARGUMENT, detail);
  }
}
