package io.mitai.contract.model;

import java.util.List;

/**
 * Input of {@code RegisterAsset}.
 *
 * <pre>{@code {"id":"asset-1","name":"customers 2025","columns":[{"name":"email","type":"STRING"},
 *  {"name":"spend","type":"DECIMAL"}],"rowCount":1000,"commitment":"<64 lowercase hex>"}}</pre>
 *
 * @param id required, see {@link Check#ID}
 * @param name required, 1..256 characters
 * @param columns required, 1..1024 columns with unique names, kept in the given order
 * @param rowCount required, {@code >= 0}
 * @param commitment required SHA-256 of the content, 64 lowercase hex
 */
public record AssetRequest(
    String id, String name, List<Column> columns, Long rowCount, String commitment) {

  /** Most columns an asset may declare. */
  public static final int MAX_COLUMNS = 1024;

  /** Validates the shape of the request. */
  public AssetRequest {
    Check.id("id", id);
    Check.text("name", name, Check.MAX_NAME);
    columns = Check.list("columns", columns, true);
    if (columns.size() > MAX_COLUMNS) {
      throw Check.invalid("field 'columns' has more than " + MAX_COLUMNS + " columns");
    }
    Check.distinct("columns", columns, Column::name);
    Check.nonNegative("rowCount", rowCount);
    Check.hex64("commitment", commitment);
  }
}
