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
 * <p>Processes are sorted into roles by their command line, except the node: only the node this
 * benchmark started ({@link #watchNode}) and its descendants (its embedded PostgreSQL) count as
 * "node" and "postgres", so other nodes on a shared machine (another engineer's tests) land in
 * "other". A process that starts and ends between two snapshots is not seen (the roles measured
 * here run for the whole benchmark).
 */
final class ProcessCpu {

  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private static final java.util.Set<Long> NODES =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private ProcessCpu() {}

  /** Counts this process and its descendants as the benchmark's node from now on. */
  static void watchNode(long pid) {
    NODES.add(pid);
  }

  /** One process as {@code /proc/<pid>/stat} and {@code cmdline} describe it. */
  private record Proc(long pid, long parent, long ticks, String cmdline) {}

  /** CPU seconds used so far, by role, by the processes alive now. */
  static Map<String, Double> snapshot() {
    Map<Long, Proc> procs = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      dirs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p -> {
                try {
                  String cmdline =
                      Files.readString(p.resolve("cmdline"), StandardCharsets.UTF_8)
                          .replace('\0', ' ');
                  String stat = Files.readString(p.resolve("stat"), StandardCharsets.UTF_8);
                  // Fields after the command's closing parenthesis: state is field 3, ppid 4,
                  // utime 14, stime 15.
                  String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                  long pid = Long.parseLong(p.getFileName().toString());
                  procs.put(
                      pid,
                      new Proc(
                          pid,
                          Long.parseLong(f[1]),
                          Long.parseLong(f[11]) + Long.parseLong(f[12]),
                          cmdline));
                } catch (IOException | RuntimeException gone) {
                  // The process ended while being read: it is not counted.
                }
              });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    long self = ProcessHandle.current().pid();
    Map<String, Double> seconds = new TreeMap<>();
    for (Proc p : procs.values()) {
      String role = role(p.pid() == self, nodeDescendant(p, procs), p.cmdline());
      seconds.merge(role, p.ticks() / TICKS_PER_SECOND, Double::sum);
    }
    return seconds;
  }

  private static boolean nodeDescendant(Proc p, Map<Long, Proc> procs) {
    for (Proc at = p; at != null; at = procs.get(at.parent())) {
      if (NODES.contains(at.pid())) {
        return true;
      }
      if (at.parent() <= 1) {
        return false;
      }
    }
    return false;
  }

  /** CPU seconds per role used between two snapshots. */
  static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> used = new TreeMap<>();
    after.forEach((role, s) -> used.put(role, Math.max(0, s - before.getOrDefault(role, 0.0))));
    return used;
  }

  static String role(boolean self, boolean ourNode, String cmdline) {
    if (self) {
      return "load generator";
    } else if (ourNode) {
      return cmdline.contains("postgres") ? "postgres" : "node";
    } else if (cmdline.contains("peer node start")) {
      return "peer";
    } else if (cmdline.matches("^\\S*orderer( .*)?$")) {
      return "orderer";
    } else if (cmdline.contains("mitai-chaincode")) {
      return "chaincode";
    }
    return "other";
  }
}
