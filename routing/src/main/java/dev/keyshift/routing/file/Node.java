package dev.keyshift.routing.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A read-only view of one node of a parsed YAML or JSON document that knows its path, so every
 * shape error names the field it is about.
 */
public final class Node {
  private final JsonNode json;
  private final String path;

  private Node(JsonNode json, String path) {
    this.json = json == null ? MissingNode.getInstance() : json;
    this.path = path;
  }

  /** The document root; an empty document is an empty mapping. */
  public static Node root(JsonNode json) {
    if (json == null || json.isMissingNode() || json.isNull()) {
      return new Node(JsonNodeFactory.instance.objectNode(), "");
    }
    if (!json.isObject()) {
      throw new FileFormatException("(top level)", "must be a mapping");
    }
    return new Node(json, "");
  }

  public String path() {
    return path.isEmpty() ? "(top level)" : path;
  }

  public boolean has(String name) {
    JsonNode child = json.get(name);
    return child != null && !child.isNull();
  }

  public Node child(String name) {
    return new Node(json.get(name), path.isEmpty() ? name : path + "." + name);
  }

  public String string(String name) {
    Node child = requirePresent(name);
    if (!child.json.isTextual()) {
      throw child.fail("must be a string (quote values YAML would read as numbers or booleans)");
    }
    String value = child.json.asText();
    if (value.isBlank()) {
      throw child.fail("must not be empty");
    }
    return value;
  }

  public String string(String name, String fallback) {
    return has(name) ? string(name) : fallback;
  }

  public int integer(String name, int min, int max) {
    Node child = requirePresent(name);
    if (!child.json.isIntegralNumber() || !child.json.canConvertToInt()) {
      throw child.fail("must be a whole number");
    }
    int value = child.json.intValue();
    if (value < min || value > max) {
      throw child.fail("must be between " + min + " and " + max);
    }
    return value;
  }

  public int integer(String name, int min, int max, int fallback) {
    return has(name) ? integer(name, min, max) : fallback;
  }

  public boolean bool(String name, boolean fallback) {
    if (!has(name)) {
      return fallback;
    }
    Node child = child(name);
    if (!child.json.isBoolean()) {
      throw child.fail("must be true or false");
    }
    return child.json.booleanValue();
  }

  /** The named mapping's entries in document order; empty when absent. */
  public Map<String, Node> mapping(String name) {
    if (!has(name)) {
      return Map.of();
    }
    Node child = child(name);
    if (!child.json.isObject()) {
      throw child.fail("must be a mapping");
    }
    Map<String, Node> entries = new LinkedHashMap<>();
    child.json.fieldNames().forEachRemaining(key -> entries.put(key, child.child(key)));
    return entries;
  }

  /** The named list's items; empty when absent. */
  public List<Node> list(String name) {
    if (!has(name)) {
      return List.of();
    }
    Node child = child(name);
    if (!child.json.isArray()) {
      throw child.fail("must be a list");
    }
    List<Node> items = new ArrayList<>();
    for (int i = 0; i < child.json.size(); i++) {
      items.add(new Node(child.json.get(i), child.path + "[" + i + "]"));
    }
    return items;
  }

  /** The named list of strings; empty when absent. */
  public List<String> strings(String name) {
    List<String> values = new ArrayList<>();
    for (Node item : list(name)) {
      values.add(item.text());
    }
    return values;
  }

  /** This node as a non-empty string. */
  public String text() {
    if (!json.isTextual() || json.asText().isBlank()) {
      throw fail("must be a non-empty string");
    }
    return json.asText();
  }

  /** Fails on the first field not in {@code known}: typos must not pass silently. */
  public Node allowOnly(Set<String> known) {
    if (!json.isObject()) {
      throw fail("must be a mapping");
    }
    json.fieldNames()
        .forEachRemaining(
            key -> {
              if (!known.contains(key)) {
                throw child(key)
                    .fail("unknown field (expected one of " + new TreeSet<>(known) + ")");
              }
            });
    return this;
  }

  public FileFormatException fail(String problem) {
    return new FileFormatException(path(), problem);
  }

  private Node requirePresent(String name) {
    if (!has(name)) {
      throw child(name).fail("is required");
    }
    return child(name);
  }
}
