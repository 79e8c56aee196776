package dev.keyshift.routing.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Operation;
import dev.keyshift.routing.PlanState;
import dev.keyshift.routing.VersionState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The domain's persisted names (algorithms, states, operations) as YAML values. */
final class DomainNames {
  private DomainNames() {}

  static SimpleModule module() {
    SimpleModule module = new SimpleModule("keyshift-domain-names");
    module.addDeserializer(
        Algorithm.class,
        new ByName<>(
            Algorithm.class,
            Algorithm::fromWireName,
            name -> "unknown algorithm \"" + name + "\" (known: " + algorithms() + ")"));
    module.addDeserializer(
        VersionState.class,
        new ByName<>(
            VersionState.class, VersionState::fromWireName, name -> "must be enabled or disabled"));
    module.addDeserializer(
        Operation.class,
        new ByName<>(
            Operation.class,
            Operation::fromWireName,
            name -> "unknown operation '" + name + "' (wrap, unwrap, rewrap, datakey)"));
    module.addDeserializer(
        PlanState.class,
        new ByName<>(
            PlanState.class,
            PlanState::fromWireName,
            name -> "must be running, paused, completed, rolled-back or aborted"));
    return module;
  }

  private static String algorithms() {
    List<String> names = new ArrayList<>();
    for (Algorithm algorithm : Algorithm.values()) {
      names.add(algorithm.wireName());
    }
    return String.join(", ", names);
  }

  private static final class ByName<T> extends StdScalarDeserializer<T> {
    private final Function<String, Optional<T>> lookup;
    private final Function<String, String> unknown;

    ByName(Class<T> type, Function<String, Optional<T>> lookup, Function<String, String> unknown) {
      super(type);
      this.lookup = lookup;
      this.unknown = unknown;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (T) context.handleUnexpectedToken(String.class, parser);
      }
      String name = parser.getText();
      return lookup.apply(name).orElseThrow(() -> new FieldProblem("", unknown.apply(name)));
    }
  }
}
