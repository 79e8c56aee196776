package dev.keyshift.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps what a client sends out of series names: Vert.x's HTTP server meters tag each request with
 * its method, and a client may invent any number of methods. Methods outside HTTP's own set are
 * reported as {@value #OTHER_METHOD}, so nothing a client sends creates a series.
 */
final class BoundedTags {
  static final String METHOD_TAG = "method";
  static final String OTHER_METHOD = "OTHER";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private BoundedTags() {}

  /**
   * Vert.x's in-flight gauges ({@code vertx_http_server_active_*}) count one server instance of a
   * shared port each, and all but the first instance's are dropped with a warning: they would
   * under-report. The gateway publishes whole-listener counts itself ({@link
   * MeterNames#HTTP_CONNECTIONS}).
   */
  static MeterFilter perInstanceGauges() {
    return MeterFilter.denyNameStartsWith("vertx.http.server.active.");
  }

  static MeterFilter httpMethods() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        String method = id.getTag(METHOD_TAG);
        if (method == null || METHODS.contains(method)) {
          return id;
        }
        List<Tag> tags = new ArrayList<>();
        id.getTagsAsIterable()
            .forEach(
                tag ->
                    tags.add(
                        tag.getKey().equals(METHOD_TAG) ? Tag.of(METHOD_TAG, OTHER_METHOD) : tag));
        return id.replaceTags(tags);
      }
    };
  }
}
