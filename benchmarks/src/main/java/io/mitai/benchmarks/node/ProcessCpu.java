package io.mitai.benchmarks.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time used by each kind of process on this machine (Linux {@code /proc}), so a benchmark can
 * say where the cores went per committed transaction: on a machine whose every process shares two
 * cores, the ratio of two rates is bounded by the ratio of their CPU costs per transaction.
 *
 * <p>Processes are sorted into roles by their command line; a process that starts and ends between
 * two snapshots is not seen (the roles measured here run for the whole benchmark).
 */
final class ProcessCpu {

  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** CPU seconds used so far, by role, by the processes alive now. */
  static Map<String, Double> snapshot() {
    Map<String, Double> seconds = new TreeMap<>();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                try {
                  String cmdline =
                      Files.readString(p.resolve("cmdline"), StandardCharsets.UTF_8)
                          .replace('\0', ' ');
                  String stat = Files.readString(p.resolve("stat"), StandardCharsets.UTF_8);
                  // Fields after the command's closing parenthesis: state is field 3, utime 14.
                  String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                  long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                  long pid = Long.parseLong(p.getFileName().toString());
                  seconds.merge(role(pid == self, cmdline), ticks / TICKS_PER_SECOND, Double::sum);
                } catch (IOException | RuntimeException gone) {
                  // The process ended while being read: it is not counted.
                }
              });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return seconds;
  }

  /** CPU seconds per role used between two snapshots. */
  static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> used = new TreeMap<>();
    after.forEach((role, s) -> used.put(role, Math.max(0, s - before.getOrDefault(role, 0.0))));
    return used;
  }

  static String role(boolean self, String cmdline) {
    if (self) {
      return "load generator";
    } else if (cmdline.contains("peer node start")) {
      return "peer";
    } else if (cmdline.matches("^\\S*orderer( .*)?$")) {
      return "orderer";
    } else if (cmdline.contains("mitai-chaincode")) {
      return "chaincode";
    } else if (cmdline.contains("quarkus-run.jar")) {
      return "node";
    } else if (cmdline.startsWith("postgres") || cmdline.contains("/postgres ")) {
      return "postgres";
    }
    return "other";
  }
}
