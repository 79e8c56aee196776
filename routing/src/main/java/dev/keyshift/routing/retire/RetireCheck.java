package dev.keyshift.routing.retire;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a version's key can be retired: no new data goes to it, no application reads it, no live
 * data holds it, and no backup can hold it any more. Each criterion is answered with its evidence,
 * so an operator can see why, and the earliest date the backup rule allows.
 */
public final class RetireCheck {
  private static final Pattern SPAN = Pattern.compile("(\\d{1,9})([dhw])");

  private RetireCheck() {}

  /**
   * A backup retention as operators write it: {@code 35d}, {@code 12h}, {@code 5w}, or ISO-8601
   * ({@code P35D}).
   *
   * @throws IllegalArgumentException naming the forms it takes
   */
  public static Duration parseSpan(String text) {
    String span = text == null ? "" : text.strip();
    Matcher matcher = SPAN.matcher(span);
    if (matcher.matches()) {
      long n = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "w" -> Duration.ofDays(7 * n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      Duration parsed = Duration.parse(span);
      if (parsed.isNegative()) {
        throw new IllegalArgumentException("a backup retention cannot be negative: " + text);
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "a backup retention is like 35d, 12h, 5w or P35D, not " + text);
    }
  }

  /** One criterion, met or not, with what it rests on. */
  public record Criterion(String name, boolean met, String evidence) {}

  /**
   * The verdict.
   *
   * @param earliest the first instant from which no backup can hold a blob of the version, when the
   *     evidence allows a date at all
   */
  public record Verdict(List<Criterion> criteria, Optional<Instant> earliest) {
    public boolean ready() {
      return criteria.stream().allMatch(Criterion::met);
    }
  }

  /**
   * @param quiet how long without an unwrap counts as unused
   * @param backupRetention how long backups of the data sources are kept
   */
  public static Verdict evaluate(
      VersionEvidence evidence, Instant now, Duration quiet, Duration backupRetention) {
    List<Criterion> criteria = new ArrayList<>();
    criteria.add(weightZero(evidence));
    criteria.add(noWrapSinceWeightZero(evidence));
    criteria.add(quietFor(evidence, now, quiet));
    criteria.add(scannedEmpty(evidence));
    Optional<Instant> earliest = backupsClear(evidence, backupRetention);
    criteria.add(backupWindow(earliest, now, backupRetention));
    return new Verdict(List.copyOf(criteria), earliest);
  }

  private static Criterion weightZero(VersionEvidence e) {
    String name = "weight 0";
    if (e.weight() > 0) {
      return new Criterion(name, false, "weight is " + e.weight());
    }
    return new Criterion(
        name,
        true,
        e.weightZeroSince() == null ? "weight 0" : "weight 0 since " + e.weightZeroSince());
  }

  private static Criterion noWrapSinceWeightZero(VersionEvidence e) {
    String name = "no wrap since weight 0";
    if (e.weightZeroSince() == null) {
      return new Criterion(name, false, "the version has weight");
    }
    if (e.lastWrap() != null && !e.lastWrap().isBefore(e.weightZeroSince())) {
      return new Criterion(
          name, false, "wrapped at " + e.lastWrap() + ", after weight 0 at " + e.weightZeroSince());
    }
    return new Criterion(
        name, true, e.lastWrap() == null ? "no wrap counted" : "last wrap " + e.lastWrap());
  }

  private static Criterion quietFor(VersionEvidence e, Instant now, Duration quiet) {
    String name = "no unwrap for " + days(quiet);
    Instant from = now.minus(quiet);
    if (e.lastUnwrap() != null && e.lastUnwrap().isAfter(from)) {
      return new Criterion(name, false, "last unwrap " + e.lastUnwrap());
    }
    if (e.countingSince().isAfter(from)) {
      return new Criterion(
          name,
          false,
          "use counted only since " + e.countingSince() + ", less than " + days(quiet));
    }
    return new Criterion(
        name,
        true,
        e.lastUnwrap() == null
            ? "no unwrap counted since " + e.countingSince()
            : "last unwrap " + e.lastUnwrap());
  }

  private static Criterion scannedEmpty(VersionEvidence e) {
    String name = "every source scanned empty";
    if (e.scans().isEmpty()) {
      return new Criterion(name, false, "no scan reported (run keyshift rewrap on each source)");
    }
    for (VersionEvidence.SourceScan scan : e.scans()) {
      if (scan.blobs() > 0) {
        return new Criterion(
            name,
            false,
            scan.source() + " held " + scan.blobs() + " blob(s) at " + scan.finishedAt());
      }
    }
    return new Criterion(name, true, e.scans().size() + " source(s), each found none");
  }

  /** The later of the last wrap and the last blob leaving live data, plus the retention. */
  private static Optional<Instant> backupsClear(VersionEvidence e, Duration retention) {
    if (e.scans().isEmpty()) {
      return Optional.empty();
    }
    Instant lastHeld = e.lastWrap() == null ? Instant.EPOCH : e.lastWrap();
    for (VersionEvidence.SourceScan scan : e.scans()) {
      if (scan.blobs() > 0 || scan.emptySince() == null) {
        return Optional.empty();
      }
      lastHeld = scan.emptySince().isAfter(lastHeld) ? scan.emptySince() : lastHeld;
    }
    return Optional.of(lastHeld.plus(retention));
  }

  private static Criterion backupWindow(
      Optional<Instant> earliest, Instant now, Duration retention) {
    String name = "no backup within " + days(retention) + " can hold it";
    if (earliest.isEmpty()) {
      return new Criterion(name, false, "unknown until every source is scanned empty");
    }
    boolean met = !now.isBefore(earliest.get());
    return new Criterion(
        name, met, (met ? "backups clear since " : "backups may hold it until ") + earliest.get());
  }

  private static String days(Duration duration) {
    long days = duration.toDays();
    return days * 86_400 == duration.toSeconds() ? days + " days" : duration.toString();
  }
}
