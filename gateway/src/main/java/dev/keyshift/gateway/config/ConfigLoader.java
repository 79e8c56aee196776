package dev.keyshift.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.keyshift.routing.file.FieldProblem;
import dev.keyshift.routing.file.FileFormatException;
import dev.keyshift.routing.file.YamlBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code keyshift.yaml} into {@link GatewayConfig}: bound by Jackson into the records of
 * {@link ConfigFile}, each checking its own fields. Relative paths resolve against the file's
 * folder. Unknown fields are errors, so a typo never silently changes behaviour.
 */
public final class ConfigLoader {
  /** The audit log's name beside the routing file, unless {@code audit.file} says otherwise. */
  public static final String DEFAULT_AUDIT_FILE = "audit.jsonl";

  private static final String FOLDER = "keyshift.config-folder";

  private ConfigLoader() {}

  /**
   * @param types the backend types this build offers
   * @throws ConfigException naming file, field and problem
   */
  public static GatewayConfig load(Path file, BackendTypes types) {
    String text = readText(file);
    ObjectMapper mapper = YamlBinding.mapper().registerModule(paths());
    types.byName().forEach((name, type) -> mapper.registerSubtypes(new NamedType(type, name)));
    Path folder = file.toAbsolutePath().getParent();
    ObjectReader reader = mapper.readerFor(ConfigFile.class).withAttribute(FOLDER, folder);
    try {
      ConfigFile config = YamlBinding.bind(reader, text, types.unknownTypeMessages());
      return config.toGatewayConfig();
    } catch (FileFormatException e) {
      throw new ConfigException(file.toString(), e.field(), e.problem());
    }
  }

  /**
   * The text of a configuration file (blocking I/O).
   *
   * @throws ConfigException naming the file when it cannot be read
   */
  public static String readText(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "(file)", "cannot be read (" + e + ")");
    }
  }

  /** Paths as written, resolved against the config file's folder. */
  private static SimpleModule paths() {
    return new SimpleModule("keyshift-config-paths")
        .addDeserializer(
            Path.class,
            new StdScalarDeserializer<>(Path.class) {
              @Override
              public Path deserialize(JsonParser parser, DeserializationContext context)
                  throws IOException {
                String text = context.readValue(parser, String.class);
                if (text.isBlank()) {
                  throw new FieldProblem("", "must not be empty");
                }
                return ((Path) context.getAttribute(FOLDER)).resolve(text).normalize();
              }
            });
  }
}
