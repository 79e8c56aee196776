package dev.keyshift.gateway.http;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.Base64Text;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Reads request JSON; every problem is a {@link ErrorCode#BAD_REQUEST} naming the field. */
public final class JsonBody {
  /** The longest {@code context}, in characters. */
  public static final int MAX_CONTEXT_LENGTH = 256;

  /** Routing keys are tenant or object ids; anything longer is a mistake. */
  public static final int MAX_ROUTING_KEY_LENGTH = 256;

  private JsonBody() {}

  /** The body as a JSON object. */
  public static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw GatewayFailure.badRequest("the request body must be a JSON object");
    }
    Object value;
    try {
      value = Json.decode(body);
    } catch (DecodeException e) {
      throw GatewayFailure.badRequest("the request body is not valid JSON");
    }
    if (!(value instanceof JsonObject json)) {
      throw GatewayFailure.badRequest("the request body must be a JSON object");
    }
    return json;
  }

  public static String requiredString(JsonObject json, String field) {
    String value = optionalString(json, field);
    if (value == null || value.isEmpty()) {
      throw GatewayFailure.badRequest("field '" + field + "' is required");
    }
    return value;
  }

  public static String optionalString(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw GatewayFailure.badRequest("field '" + field + "' must be a string");
    }
    return (String) value;
  }

  /** The field as base64 (standard or url-safe, padded or not). */
  public static byte[] base64(JsonObject json, String field) {
    return Base64Text.decodeEither(requiredString(json, field))
        .orElseThrow(() -> GatewayFailure.badRequest("field '" + field + "' is not valid base64"));
  }

  /** The optional {@code routingKey}: a non-empty string of at most 256 characters. */
  public static String routingKey(JsonObject json) {
    String key = optionalString(json, "routingKey");
    if (key != null && (key.isEmpty() || key.length() > MAX_ROUTING_KEY_LENGTH)) {
      throw GatewayFailure.badRequest(
          "field 'routingKey' must be 1 to " + MAX_ROUTING_KEY_LENGTH + " characters");
    }
    return key;
  }

  /** The optional {@code context} a blob is bound to: 1 to 256 characters. */
  public static String context(JsonObject json) {
    String context = optionalString(json, "context");
    if (context != null && (context.isEmpty() || context.length() > MAX_CONTEXT_LENGTH)) {
      throw GatewayFailure.badRequest(
          "field 'context' must be 1 to " + MAX_CONTEXT_LENGTH + " characters");
    }
    return context;
  }

  /** A required whole number in [min, max]. */
  public static int requiredInt(JsonObject json, String field, int min, int max) {
    if (json.getValue(field) == null) {
      throw GatewayFailure.badRequest(
          "field '" + field + "' is required: a whole number from " + min + " to " + max);
    }
    return optionalInt(json, field, min, max, min);
  }

  /** An optional whole number in [min, max]. */
  public static int optionalInt(JsonObject json, String field, int min, int max, int fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long)
        || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw GatewayFailure.badRequest(
          "field '" + field + "' must be a whole number from " + min + " to " + max);
    }
    return ((Number) value).intValue();
  }

  /** A client-sent name as an error message may quote it: at most 64 characters. */
  public static String shown(String name) {
    return name.length() > 64 ? name.substring(0, 64) + "..." : name;
  }
}
