package dev.keyshift.gateway.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The backend types a build offers: each {@code type} name with the record its entries bind to, and
 * for polymorphic types nested in those records (an Azure credential), what an unknown name is
 * told. The assembly passes them in from its provider list, so configuration names no backend
 * itself.
 */
public record BackendTypes(
    Map<String, Class<? extends BackendConfig>> byName,
    Map<Class<?>, Function<String, String>> nestedUnknown) {
  public BackendTypes {
    byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    nestedUnknown = Map.copyOf(nestedUnknown);
  }

  /** What an unknown {@code type} is told, for backends and for types nested in their records. */
  Map<Class<?>, Function<String, String>> unknownTypeMessages() {
    Map<Class<?>, Function<String, String>> messages = new HashMap<>(nestedUnknown);
    messages.put(BackendConfig.class, this::unknown);
    return messages;
  }

  /** What a config naming an unknown type is told. */
  String unknown(String type) {
    return "backend type '"
        + type
        + "' is not available in this build (available: "
        + String.join(", ", byName.keySet())
        + ")";
  }
}
