package io.mitai.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Makes determinism mechanical: scans the main sources for APIs that would let peers compute
 * different write sets (clocks, randomness, hash-ordered collections, default charsets, rich
 * queries).
 */
class DeterminismTest {

  /** The contract's own sources and the records it shares with the node (nested module). */
  private static final List<Path> MAIN =
      List.of(Path.of("src/main/java"), Path.of("contract-api/src/main/java"));

  private static final Map<String, Pattern> FORBIDDEN =
      Map.ofEntries(
          Map.entry("Instant.now", Pattern.compile("\\bInstant\\s*\\.\\s*now\\b")),
          Map.entry("System.currentTimeMillis", Pattern.compile("\\bcurrentTimeMillis\\b")),
          Map.entry("System.nanoTime", Pattern.compile("\\bnanoTime\\b")),
          Map.entry(
              "LocalDate/Time.now, Clock",
              Pattern.compile("\\b(Local\\w*|Zoned\\w*|Offset\\w*)\\s*\\.\\s*now\\b|\\bClock\\b")),
          Map.entry(
              "new Random",
              Pattern.compile(
                  "\\bnew\\s+Random\\b|\\bThreadLocalRandom\\b|\\bMath\\s*\\.\\s*random\\b")),
          Map.entry("SecureRandom", Pattern.compile("\\bSecureRandom\\b")),
          Map.entry("UUID.randomUUID", Pattern.compile("\\brandomUUID\\b")),
          Map.entry(
              "HashMap/HashSet",
              Pattern.compile(
                  "\\b(Linked)?Hash(Map|Set)\\b|\\bHashtable\\b|\\bConcurrentHashMap\\b")),
          Map.entry(
              "Map.of/Set.of iteration", Pattern.compile("\\b(Set|Map)\\s*\\.\\s*(of|copyOf)\\b")),
          Map.entry("default-charset getBytes()", Pattern.compile("\\.getBytes\\(\\s*\\)")),
          Map.entry("rich query", Pattern.compile("\\bgetQueryResult\\w*\\b")),
          Map.entry(
              "floating point",
              Pattern.compile("(?<!\\.)\\b(double|float|Double|Float|BigDecimal)\\b")));

  @Test
  void main_code_uses_no_clock_randomness_hash_order_or_rich_query() throws IOException {
    List<String> violations = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (Path root : MAIN) {
      try (Stream<Path> walk = Files.walk(root)) {
        files.addAll(walk.filter(p -> p.toString().endsWith(".java")).sorted().toList());
      }
    }
    assertThat(files).as("main sources found").hasSizeGreaterThan(10);
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = stripComment(lines.get(i));
        for (Map.Entry<String, Pattern> rule : FORBIDDEN.entrySet()) {
          if (rule.getValue().matcher(line).find()) {
            violations.add(file + ":" + (i + 1) + " uses " + rule.getKey());
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void the_scanner_catches_what_it_forbids() {
    String bad = "Map<String, String> m = new HashMap<>(); long t = System.currentTimeMillis();";
    long hits = FORBIDDEN.values().stream().filter(p -> p.matcher(bad).find()).count();
    assertThat(hits).isEqualTo(2);
  }

  private static String stripComment(String line) {
    String trimmed = line.strip();
    if (trimmed.startsWith("*") || trimmed.startsWith("/*") || trimmed.startsWith("//")) {
      return "";
    }
    int comment = line.indexOf("//");
    return comment >= 0 ? line.substring(0, comment) : line;
  }
}
