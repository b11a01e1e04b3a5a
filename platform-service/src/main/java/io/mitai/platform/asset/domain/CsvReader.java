package io.mitai.platform.asset.domain;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A streaming RFC 4180 CSV reader: comma-separated, fields optionally in double quotes (a quote
 * inside doubled), line breaks {@code \n} or {@code \r\n}, line breaks allowed inside quotes. Empty
 * lines are skipped and a leading byte-order mark is ignored. Errors name the line and column,
 * never a value.
 */
public final class CsvReader {

  private final Reader in;
  private final int maxCellLength;
  private int line = 1;
  private int rowLine = 1;
  private int peeked = -2;
  private boolean started;

  public CsvReader(Reader in, int maxCellLength) {
    this.in = in;
    this.maxCellLength = maxCellLength;
  }

  /** The line on which the last returned row started (1-based). */
  public int line() {
    return rowLine;
  }

  /** The next row, or empty at the end of input. */
  public Optional<List<String>> next() throws IOException, CsvException {
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') {
        read();
      }
    }
    while (peek() == '\n' || peek() == '\r') {
      endOfLine();
    }
    if (peek() == -1) {
      return Optional.empty();
    }
    rowLine = line;
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    while (true) {
      cell.setLength(0);
      int c = peek();
      if (c == '"') {
        read();
        quoted(cell, row.size() + 1);
        c = peek();
        if (c != ',' && c != '\n' && c != '\r' && c != -1) {
          throw new CsvException(
              "line " + line + ", column " + (row.size() + 1) + ": text after a closing quote");
        }
      } else {
        while (c != ',' && c != '\n' && c != '\r' && c != -1) {
          if (c == '"') {
            throw new CsvException(
                "line "
                    + line
                    + ", column "
                    + (row.size() + 1)
                    + ": a quote inside an unquoted field");
          }
          append(cell, (char) read(), row.size() + 1);
          c = peek();
        }
      }
      row.add(cell.toString());
      if (c == ',') {
        read();
        continue;
      }
      if (c != -1) {
        endOfLine();
      }
      return Optional.of(row);
    }
  }

  private void quoted(StringBuilder cell, int column) throws IOException, CsvException {
    int startLine = line;
    while (true) {
      int c = read();
      if (c == -1) {
        throw new CsvException(
            "line " + startLine + ", column " + column + ": a quoted field is never closed");
      }
      if (c == '"') {
        if (peek() == '"') {
          read();
          append(cell, '"', column);
          continue;
        }
        return;
      }
      if (c == '\n') {
        line++;
      }
      append(cell, (char) c, column);
    }
  }

  private void append(StringBuilder cell, char c, int column) throws CsvException {
    if (cell.length() >= maxCellLength) {
      throw new CsvException.TooLarge(
          "line "
              + line
              + ", column "
              + column
              + ": a cell is longer than "
              + maxCellLength
              + " characters");
    }
    cell.append(c);
  }

  private void endOfLine() throws IOException {
    if (read() == '\r' && peek() == '\n') {
      read();
    }
    line++;
  }

  private int peek() throws IOException {
    if (peeked == -2) {
      peeked = in.read();
    }
    return peeked;
  }

  private int read() throws IOException {
    int c = peek();
    peeked = -2;
    return c;
  }
}
