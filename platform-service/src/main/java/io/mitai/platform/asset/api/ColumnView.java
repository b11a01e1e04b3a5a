package io.mitai.platform.asset.api;

/** A typed column: {@code type} is INTEGER, DECIMAL, DATE or STRING. */
public record ColumnView(String name, String type) {}
