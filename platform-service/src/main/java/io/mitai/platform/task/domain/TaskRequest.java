package io.mitai.platform.task.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /api/v1/tasks}: {@code {operation, inputs[{assetId, columns[]}],
 * params}}. Validated by {@link TaskPlanning}, not here, so every mistake becomes a precise
 * problem.
 */
public record TaskRequest(String operation, List<Input> inputs, JsonNode params) {

  /** The same request with other parameters. */
  public TaskRequest withParams(JsonNode params) {
    return new TaskRequest(operation, inputs, params);
  }

  /** One input asset and the columns the task uses from it. */
  public record Input(String assetId, List<String> columns) {}
}
