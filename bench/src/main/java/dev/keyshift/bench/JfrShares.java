package dev.keyshift.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording and prints where the CPU samples go: for each area, the share of samples
 * whose stack contains a frame of that area (areas overlap, so shares do not add up), then the
 * hottest top-of-stack methods. Usage: {@code JfrShares recording.jfr [top-N]}.
 */
public final class JfrShares {
  /** Areas by class-name prefix, in the order printed. */
  private static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

  static {
    AREAS.put("keyshift code (any frame)", List.of("dev.keyshift."));
    AREAS.put("Micrometer", List.of("io.micrometer.", "io.vertx.micrometer."));
    AREAS.put("Jackson", List.of("com.fasterxml.jackson."));
    AREAS.put("Netty HTTP codec", List.of("io.netty.handler.codec.http."));
    AREAS.put("Netty channel I/O", List.of("io.netty.channel.", "sun.nio.ch."));
    AREAS.put("JCE (javax.crypto, sun.security, com.sun.crypto)", cryptoPrefixes());
    AREAS.put("regex", List.of("java.util.regex."));
    AREAS.put("Vert.x Web router and handlers", List.of("io.vertx.ext.web."));
    AREAS.put("logging", List.of("ch.qos.logback.", "org.slf4j."));
    AREAS.put("resilience4j", List.of("io.github.resilience4j."));
  }

  private JfrShares() {}

  private static List<String> cryptoPrefixes() {
    return List.of("javax.crypto.", "sun.security.", "com.sun.crypto.", "java.security.");
  }

  public static void main(String[] args) throws Exception {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Integer> areaCounts = new LinkedHashMap<>();
    Map<String, Integer> topFrames = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (!frames.isEmpty()) {
        topFrames.merge(name(frames.get(0)), 1, Integer::sum);
      }
      for (String area : areasOf(frames)) {
        areaCounts.merge(area, 1, Integer::sum);
      }
    }
    System.out.printf("%d execution samples%n%nshare of samples with a frame in%n", samples);
    for (String area : AREAS.keySet()) {
      System.out.printf(
          "  %5.1f%%  %s%n", percent(areaCounts.getOrDefault(area, 0), samples), area);
    }
    System.out.printf("%nhottest top-of-stack methods%n");
    List<Map.Entry<String, Integer>> hottest = new ArrayList<>(topFrames.entrySet());
    hottest.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    for (Map.Entry<String, Integer> entry : hottest.subList(0, Math.min(top, hottest.size()))) {
      System.out.printf("  %5.1f%%  %s%n", percent(entry.getValue(), samples), entry.getKey());
    }
  }

  private static Set<String> areasOf(List<RecordedFrame> frames) {
    Set<String> found = new LinkedHashSet<>();
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      AREAS.forEach(
          (area, prefixes) -> {
            if (prefixes.stream().anyMatch(type::startsWith)) {
              found.add(area);
            }
          });
    }
    return found;
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static double percent(int count, int total) {
    return total == 0 ? 0 : 100.0 * count / total;
  }
}
