package io.mitai.platform.asset.domain;

import io.mitai.platform.problem.ProblemException;
import io.mitai.platform.problem.ProblemType;
import io.mitai.platform.validation.Validate;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * One upload's encrypted staging file and the passes over it: pass 1 parses and validates the CSV
 * while encrypting its rows; type inference and pass 2 (the content commitment) decrypt it again.
 * Plaintext exists only in memory while it streams through.
 */
final class StagedUpload {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_NAME = Validate.MAX_NAME;

  /** What pass 1 found: the header, the number of data rows and of encrypted segments. */
  record Ingested(List<String> names, long rows, long segments) {}

  private final UploadLimits limits;
  private final Path partial;
  private final String assetId;
  private final SecretKey dataKey;
  private final byte[] noncePrefix;

  private StagedUpload(
      UploadLimits limits, Path partial, String assetId, SecretKey dataKey, byte[] noncePrefix) {
    this.limits = limits;
    this.partial = partial;
    this.assetId = assetId;
    this.dataKey = dataKey;
    this.noncePrefix = noncePrefix;
  }

  /** A staging file at {@code partial} under a fresh data key and nonce prefix. */
  static StagedUpload create(UploadLimits limits, Path partial, String assetId)
      throws GeneralSecurityException {
    SecretKey dataKey = newDataKey();
    byte[] noncePrefix = new byte[4];
    RANDOM.nextBytes(noncePrefix);
    return new StagedUpload(limits, partial, assetId, dataKey, noncePrefix);
  }

  SecretKey dataKey() {
    return dataKey;
  }

  byte[] noncePrefix() {
    return noncePrefix;
  }

  /** Pass 1: parse and validate the CSV, encrypting its rows as they stream through. */
  Ingested ingest(InputStream content) throws IOException, CsvException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CsvReader csv =
        new CsvReader(
            new BufferedReader(new InputStreamReader(content, decoder), 65536),
            limits.maxCellLength());
    List<String> header =
        csv.next().orElseThrow(() -> new EmptyData("the file is empty: no header row"));
    checkHeader(header);
    long rows = 0;
    SegmentedCipher.Writer writer;
    try (OutputStream file = Files.newOutputStream(partial)) {
      writer =
          new SegmentedCipher.Writer(file, dataKey, noncePrefix, assetId, limits.segmentSize());
      try (DataOutputStream out = RowCodec.output(writer)) {
        for (Optional<List<String>> row = csv.next(); row.isPresent(); row = csv.next()) {
          if (row.get().size() != header.size()) {
            throw new CsvException(
                "line "
                    + csv.line()
                    + " has "
                    + row.get().size()
                    + " fields but the header has "
                    + header.size());
          }
          if (++rows > limits.maxRows()) {
            throw new CsvException.TooLarge("the file has more than " + limits.maxRows() + " rows");
          }
          RowCodec.write(out, row.get());
        }
      }
    }
    if (rows == 0) {
      throw new EmptyData("the file has a header but no data rows");
    }
    return new Ingested(header, rows, writer.segments());
  }

  private void checkHeader(List<String> header) throws CsvException {
    if (header.size() > limits.maxColumns()) {
      throw new CsvException.TooLarge(
          "the file has " + header.size() + " columns; at most " + limits.maxColumns());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String column = header.get(i);
      if (column.isBlank()) {
        throw new CsvException("header column " + (i + 1) + " has no name");
      }
      String problem = Validate.problemIn(column, MAX_NAME, false);
      if (problem != null) {
        throw new CsvException("the name of header column " + (i + 1) + " " + problem);
      }
      if (!seen.add(column)) {
        throw new CsvException("header column " + (i + 1) + " repeats an earlier column name");
      }
    }
  }

  /** Declared types where given, else inferred from a decrypting pass over the rows. */
  List<ColumnType> resolveTypes(List<String> names, Map<String, ColumnType> declared)
      throws IOException, GeneralSecurityException {
    for (String column : declared.keySet()) {
      if (!names.contains(column)) {
        throw new ProblemException(
            ProblemType.UNKNOWN_COLUMN,
            "a type is declared for column '" + column + "', which the header does not have");
      }
    }
    TypeInference inference = new TypeInference(names.size());
    if (declared.size() < names.size()) {
      try (SegmentedCipher.Reader reader =
          new SegmentedCipher.Reader(
              Files.newInputStream(partial), dataKey, noncePrefix, assetId)) {
        RowCodec.Input rows = new RowCodec.Input(reader, names.size());
        for (Optional<List<String>> row = rows.next(); row.isPresent(); row = rows.next()) {
          for (int i = 0; i < names.size(); i++) {
            inference.observe(i, row.get().get(i));
          }
        }
      }
    }
    List<ColumnType> types = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      ColumnType type = declared.get(names.get(i));
      types.add(type != null ? type : inference.typeOf(i));
    }
    return types;
  }

  /** Pass 2: the content commitment over the typed rows; checks declared types on the way. */
  String commit(List<String> names, List<ColumnType> types) throws IOException {
    Commitment commitment = new Commitment(names, types);
    try (SegmentedCipher.Reader reader =
        new SegmentedCipher.Reader(Files.newInputStream(partial), dataKey, noncePrefix, assetId)) {
      RowCodec.Input rows = new RowCodec.Input(reader, names.size());
      long row = 0;
      for (Optional<List<String>> r = rows.next(); r.isPresent(); r = rows.next()) {
        row++;
        int bad = commitment.add(r.get());
        if (bad >= 0) {
          throw new ProblemException(
              ProblemType.WRONG_COLUMN_TYPE,
              "data row "
                  + row
                  + ", column '"
                  + names.get(bad)
                  + "': the value is not of the declared type "
                  + types.get(bad));
        }
      }
    }
    return commitment.hex();
  }

  private static SecretKey newDataKey() throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256, RANDOM);
    return generator.generateKey();
  }

  /** No header or no rows. */
  static final class EmptyData extends CsvException {
    private static final long serialVersionUID = 1L;

    EmptyData(String message) {
      super(message);
    }
  }
}
