package dev.keyshift.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an async-profiler profile in collapsed form ({@code frame;frame;frame count} per line) and
 * prints where the CPU samples go: for each area, the share of samples whose stack holds a frame of
 * it (areas overlap, so shares do not add up), then the hottest methods on top of the stack. Usage:
 * {@code ProfileShares profile.collapsed [top-N]}.
 */
public final class ProfileShares {
  /** Areas by frame prefix, in the order printed. */
  static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

  static {
    AREAS.put("socket write and read system calls", List.of("sun/nio/ch/SocketDispatcher."));
    AREAS.put("JIT compiler threads", List.of("CompileBroker::"));
    AREAS.put("garbage collection threads", List.of("G1", "GangWorker::", "ConcurrentGCThread::"));
    AREAS.put("Netty HTTP codec (decode and encode)", List.of("io/netty/handler/codec/http/"));
    AREAS.put("Vert.x Web router", List.of("io/vertx/ext/web/impl/"));
    AREAS.put("Vert.x futures", List.of("io/vertx/core/impl/future/"));
    AREAS.put("Micrometer (ours and Vert.x's HTTP meters)", List.of("io/micrometer/"));
    AREAS.put("Vert.x HTTP server meters", List.of("io/vertx/micrometer/"));
    AREAS.put("Jackson", List.of("com/fasterxml/jackson/"));
    AREAS.put("JCE", List.of("javax/crypto/", "com/sun/crypto/", "sun/security/"));
    AREAS.put("resilience4j", List.of("io/github/resilience4j/"));
    AREAS.put("regular expressions", List.of("java/util/regex/"));
    AREAS.put("keyshift: authentication", List.of("dev/keyshift/gateway/auth/"));
    AREAS.put("keyshift: key service and backends", List.of("dev/keyshift/gateway/keys/"));
    AREAS.put("keyshift: envelope, selection (routing)", List.of("dev/keyshift/routing/"));
  }

  private ProfileShares() {}

  public static void main(String[] args) throws IOException {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    System.out.print(summary(Files.readAllLines(Path.of(args[0])), top));
  }

  static String summary(List<String> collapsed, int top) {
    Map<String, Long> areas = new HashMap<>();
    Map<String, Long> tops = new HashMap<>();
    long total = 0;
    for (String line : collapsed) {
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      long samples = Long.parseLong(line.substring(space + 1).trim());
      String[] frames = line.substring(0, space).split(";");
      total += samples;
      tops.merge(frames[frames.length - 1], samples, Long::sum);
      for (String area : areasOf(frames)) {
        areas.merge(area, samples, Long::sum);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("%d samples%n%nshare of samples with a frame in%n", total));
    for (String area : AREAS.keySet()) {
      out.append(
          String.format("  %5.1f%%  %s%n", percent(areas.getOrDefault(area, 0L), total), area));
    }
    out.append(String.format("%nhottest top-of-stack frames%n"));
    List<Map.Entry<String, Long>> hottest = new ArrayList<>(tops.entrySet());
    hottest.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    for (Map.Entry<String, Long> entry : hottest.subList(0, Math.min(top, hottest.size()))) {
      out.append(
          String.format("  %5.1f%%  %s%n", percent(entry.getValue(), total), entry.getKey()));
    }
    return out.toString();
  }

  private static Set<String> areasOf(String[] frames) {
    Set<String> found = new LinkedHashSet<>();
    for (String frame : frames) {
      AREAS.forEach(
          (area, prefixes) -> {
            if (prefixes.stream().anyMatch(frame::startsWith)) {
              found.add(area);
            }
          });
    }
    return found;
  }

  private static double percent(long count, long total) {
    return total == 0 ? 0 : 100.0 * count / total;
  }
}
