package io.mitai.platform.asset.domain;

import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.validation.Validate;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of an upload's multipart form: {@code name}, {@code types}, {@code private} and the
 * one {@code file} part, which is handed to {@code file} as it streams by (it is never buffered).
 *
 * @param name the name as given (validated by the caller), or null if the form has none
 * @param privateName whether only a salted hash of the name goes to the ledger
 * @param declared column types the uploader declared, in the order given
 * @param ingested what reading the file part produced
 */
record UploadForm(
    String name,
    boolean privateName,
    Map<String, ColumnType> declared,
    StagedUpload.Ingested ingested) {

  private static final int MAX_NAME = Validate.MAX_NAME;

  /** Receives the content of the {@code file} part. */
  @FunctionalInterface
  interface FileSink {
    StagedUpload.Ingested accept(InputStream content) throws IOException, CsvException;
  }

  /** Reads the whole form; unknown fields are ignored, a missing or repeated file is refused. */
  static UploadForm read(MultipartReader multipart, FileSink file)
      throws IOException, CsvException {
    String name = null;
    boolean privateName = false;
    Map<String, ColumnType> declared = new LinkedHashMap<>();
    StagedUpload.Ingested ingested = null;
    for (Optional<MultipartReader.Part> p = multipart.next(); p.isPresent(); p = multipart.next()) {
      MultipartReader.Part part = p.get();
      switch (part.name()) {
        case "name" -> name = MultipartReader.text(part, MAX_NAME * 4).strip();
        case "types" -> declared = parseTypes(MultipartReader.text(part, 65536));
        case "private" -> privateName = parseFlag(MultipartReader.text(part, 16).strip());
        case "file" -> {
          if (ingested != null) {
            throw invalid("only one `file` part is accepted");
          }
          ingested = file.accept(part.content());
        }
        default -> {
          // unknown form fields are ignored
        }
      }
    }
    if (ingested == null) {
      throw invalid("a `file` part with the CSV is required");
    }
    return new UploadForm(name, privateName, declared, ingested);
  }

  private static boolean parseFlag(String text) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid("`private` must be true or false");
    };
  }

  private static Map<String, ColumnType> parseTypes(String text) {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    if (text.isBlank()) {
      return types;
    }
    for (String entry : text.split(",")) {
      int colon = entry.lastIndexOf(':');
      if (colon <= 0) {
        throw invalid("`types` must look like `column:TYPE,column:TYPE`");
      }
      String column = entry.substring(0, colon).strip();
      String typeName = entry.substring(colon + 1);
      ColumnType type =
          ColumnType.parse(typeName)
              .orElseThrow(
                  () ->
                      invalid(
                          "unknown type for column '"
                              + column
                              + "'; use INTEGER, DECIMAL, DATE or STRING"));
      if (types.put(column, type) != null) {
        throw invalid("`types` names column '" + column + "' twice");
      }
    }
    return types;
  }

  static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_REQUEST, detail);
  }
}
