package dev.keyshift.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code key=value} result lines of the load scripts, found by their leading words: {@code
 * "wrap c=64"} is the line that starts with {@code wrap c=64 }.
 */
final class Results {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

  private final List<String> lines;

  Results(List<String> lines) {
    this.lines = lines.stream().map(Results::plain).toList();
  }

  /** The line without terminal colour codes (Maven prints some even with -q). */
  static String plain(String line) {
    return ANSI.matcher(line).replaceAll("");
  }

  /** The fields of the last line starting with {@code prefix} followed by a space. */
  Optional<Map<String, String>> line(String prefix) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(prefix + " ")) {
        return Optional.of(fields(lines.get(i)));
      }
    }
    return Optional.empty();
  }

  /** One number of that line, or NaN when the line or the field is missing. */
  double number(String prefix, String field) {
    return line(prefix)
        .map(fields -> fields.get(field))
        .map(Double::parseDouble)
        .orElse(Double.NaN);
  }

  /** The values of {@code field} over every line starting with {@code word}, in order. */
  List<String> values(String word, String field) {
    return lines.stream()
        .filter(line -> line.startsWith(word + " "))
        .map(Results::fields)
        .map(fields -> fields.get(field))
        .filter(value -> value != null)
        .distinct()
        .toList();
  }

  static Map<String, String> fields(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String token : line.trim().split("\\s+")) {
      int equals = token.indexOf('=');
      if (equals > 0) {
        fields.put(token.substring(0, equals), token.substring(equals + 1));
      }
    }
    return fields;
  }
}
