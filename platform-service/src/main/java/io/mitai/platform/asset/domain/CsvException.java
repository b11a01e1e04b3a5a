package io.mitai.platform.asset.domain;

/** The upload is not acceptable CSV; the message says where, never what a cell holds. */
public class CsvException extends Exception {

  private static final long serialVersionUID = 1L;

  public CsvException(String message) {
    super(message);
  }

  /** A configured limit (cell length, rows, columns, bytes) is exceeded. */
  public static final class TooLarge extends CsvException {
    private static final long serialVersionUID = 1L;

    public TooLarge(String message) {
      super(message);
    }
  }
}
