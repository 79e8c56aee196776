package dev.keyshift.bench.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.keyshift.gateway.http.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a wrap request's body: the gateway's {@link Json#decode} (a flat object of plain strings
 * read without a parser object) against Jackson's streaming parser with its defaults and with field
 * names canonicalised but not interned (the gateway's fallback), and against Vert.x's own {@code
 * new JsonObject(Buffer)}. Run with {@code -prof gc} for the bytes each allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestJsonBench {
  private static final JsonFactory DEFAULTS = new JsonFactory();
  private static final JsonFactory NOT_INTERNED =
      JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

  private final Buffer body =
      Buffer.buffer("{\"plaintext\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}");

  @Benchmark
  public Object gateway() {
    return Json.decode(body);
  }

  @Benchmark
  public Object jacksonDefaults() throws IOException {
    return parse(DEFAULTS);
  }

  @Benchmark
  public Object canonicalNotInterned() throws IOException {
    return parse(NOT_INTERNED);
  }

  @Benchmark
  public Object vertx() {
    return new JsonObject(body);
  }

  private Object parse(JsonFactory factory) throws IOException {
    byte[] bytes = body.getBytes();
    JsonParser parser = factory.createParser(bytes, 0, bytes.length);
    return JacksonCodec.fromParser(parser, Object.class);
  }
}
