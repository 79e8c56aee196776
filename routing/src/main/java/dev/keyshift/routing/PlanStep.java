package dev.keyshift.routing;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of a plan, complete in itself: the weights it puts in force (versions it does not name
 * get 0), the shadow shares (versions it does not name get none) and how long it holds before its
 * gates decide.
 */
public record PlanStep(Map<String, Integer> weights, Map<String, Integer> shadows, Duration hold) {
  /** The shortest hold: a gate needs traffic to judge, and replicas a few seconds to report it. */
  public static final Duration MIN_HOLD = Duration.ofSeconds(10);

  public PlanStep {
    weights = Collections.unmodifiableMap(new TreeMap<>(weights));
    shadows = Collections.unmodifiableMap(new TreeMap<>(shadows == null ? Map.of() : shadows));
    Objects.requireNonNull(hold, "hold");
  }

  /**
   * A hold as written: a whole number of seconds, minutes or hours ({@code 90s}, {@code 10m},
   * {@code 1h}).
   *
   * @throws InvalidRoutingException for anything else
   */
  public static Duration parseHold(String text) {
    Matcher m = HOLD.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new InvalidRoutingException(
          "hold '" + text + "' must be a whole number of s, m or h, like 10m");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /** A hold as {@link #parseHold} reads it, in the largest unit that states it exactly. */
  public static String formatHold(Duration hold) {
    long seconds = hold.toSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  private static final Pattern HOLD = Pattern.compile("([0-9]{1,7})([smh])");

  /** This step's weight for a version. */
  public int weightOf(String version) {
    return weights.getOrDefault(version, 0);
  }

  /** This step's shadow share for a version. */
  public int shadowOf(String version) {
    return shadows.getOrDefault(version, 0);
  }
}
