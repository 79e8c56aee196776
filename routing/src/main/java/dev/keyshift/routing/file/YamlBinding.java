package dev.keyshift.routing.file;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How keyshift's YAML files are bound to records: kebab-case names, unknown fields refused, no
 * silent coercion (a quoted number is not a number, a number is not a string, 1.5 is not a whole
 * number); and the one place a binding error becomes a {@link FileFormatException} naming the field
 * path ({@code aliases.orders.versions[1].weight}) and the problem.
 */
public final class YamlBinding {
  private YamlBinding() {}

  /**
   * Binds a whole document; an empty one (or one of comments only) is an empty mapping.
   *
   * @throws FileFormatException naming the field and the problem
   */
  public static <T> T bind(
      ObjectReader reader, String text, Map<Class<?>, Function<String, String>> unknownType) {
    try {
      JsonNode tree = reader.readTree(text);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        tree = JsonNodeFactory.instance.objectNode();
      }
      return reader.readValue(tree);
    } catch (JsonProcessingException e) {
      throw problem(e, unknownType);
    } catch (java.io.IOException e) {
      throw new FileFormatException("(syntax)", "cannot be read");
    }
  }

  /** A mapper with keyshift's binding rules. */
  public static ObjectMapper mapper() {
    ObjectMapper mapper =
        new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    for (LogicalType type : List.of(LogicalType.Textual, LogicalType.Boolean)) {
      refuseScalars(mapper, type);
    }
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Boolean)) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    return mapper.registerModule(DomainNames.module());
  }

  private static void refuseScalars(ObjectMapper mapper, LogicalType type) {
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
    }
  }

  /**
   * The problem a binding error names.
   *
   * @param unknownType what to say of an unknown {@code type} for each polymorphic base type
   */
  public static FileFormatException problem(
      JsonProcessingException failure, Map<Class<?>, Function<String, String>> unknownType) {
    if (failure instanceof JsonParseException || !(failure instanceof JsonMappingException m)) {
      int line = failure.getLocation() == null ? 0 : failure.getLocation().getLineNr();
      return new FileFormatException("(syntax)", "not valid YAML at line " + line);
    }
    String path = path(m.getPath());
    FieldProblem field = fieldProblem(m);
    if (field != null) {
      return new FileFormatException(join(path, field.field()), field.problem());
    }
    if (m instanceof UnrecognizedPropertyException unknown) {
      return new FileFormatException(
          path(path),
          "unknown field (expected one of " + known(unknown.getKnownPropertyIds()) + ")");
    }
    if (m instanceof InvalidTypeIdException type) {
      Function<String, String> describe = unknownType.get(type.getBaseType().getRawClass());
      String problem =
          type.getTypeId() == null || describe == null
              ? "is required"
              : describe.apply(type.getTypeId());
      return new FileFormatException(join(path, "type"), problem);
    }
    return new FileFormatException(path(path), shapeProblem(m));
  }

  /** {@link #problem} for files without polymorphic types. */
  public static FileFormatException problem(JsonProcessingException failure) {
    return problem(failure, Map.of());
  }

  private static String shapeProblem(JsonMappingException failure) {
    if (failure.getCause() instanceof InputCoercionException) {
      return "must be a whole number";
    }
    Class<?> target =
        failure instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
            ? mismatch.getTargetType()
            : Object.class;
    if (target == String.class) {
      return "must be a string (quote values YAML would read as numbers or booleans)";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "must be true or false";
    }
    if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class) {
      return "must be a whole number";
    }
    if (Collection.class.isAssignableFrom(target)) {
      return "must be a list";
    }
    return "must be a mapping";
  }

  private static FieldProblem fieldProblem(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof FieldProblem problem) {
        return problem;
      }
    }
    return null;
  }

  private static String known(Collection<Object> ids) {
    TreeSet<String> names = new TreeSet<>();
    ids.forEach(id -> names.add(id.toString()));
    return names.toString();
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        out.append('[').append(reference.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String path(String path) {
    return path.isEmpty() ? "(top level)" : path;
  }

  private static String join(String path, String field) {
    if (field.isEmpty()) {
      return path(path);
    }
    if (path.isEmpty() || field.startsWith("[")) {
      return path + field;
    }
    return path + "." + field;
  }
}
