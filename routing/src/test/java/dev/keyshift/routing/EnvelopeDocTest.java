package dev.keyshift.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/envelope.md's vectors hold against the code: the page and the format cannot drift. */
class EnvelopeDocTest {
  static final Path DOC = Path.of("..", "docs", "envelope.md");

  @Test
  void vectors_formatAndParseExactly() throws Exception {
    List<Map<String, String>> vectors = entries("vector: ");
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(2);
    for (Map<String, String> v : vectors) {
      Envelope envelope =
          new Envelope(
              v.get("alias"), v.get("version"), HexFormat.of().parseHex(v.get("payload-hex")));
      assertThat(envelope.format()).isEqualTo(v.get("text"));
      assertThat(Envelope.parse(v.get("text"))).isEqualTo(envelope);
    }
  }

  @Test
  void invalidTexts_areRefused() throws Exception {
    List<String> invalid = lines("invalid: ");
    assertThat(invalid).hasSizeGreaterThanOrEqualTo(5);
    for (String text : invalid) {
      assertThatThrownBy(() -> Envelope.parse(text))
          .as(text)
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void hierarchicalVectors_sealDeriveAndOpenExactly() throws Exception {
    List<Map<String, String>> sealed = entries("sealed: ");
    assertThat(sealed).hasSizeGreaterThanOrEqualTo(2);
    for (Map<String, String> v : sealed) {
      byte[] masterKey = hex(v, "master-key-hex");
      byte[] binding = binding(v);
      byte[] payload =
          HierarchicalPayload.seal(
              masterKey, binding, hex(v, "nonce-hex"), hex(v, "plaintext-hex"));
      assertThat(new Envelope(v.get("alias"), v.get("version"), payload).format())
          .isEqualTo(v.get("text"));
      assertThat(
              HierarchicalPayload.open(masterKey, binding, Envelope.parse(v.get("text")).payload()))
          .isEqualTo(hex(v, "plaintext-hex"));
    }
    List<Map<String, String>> derived = entries("derived: ");
    assertThat(derived).isNotEmpty();
    for (Map<String, String> v : derived) {
      byte[] masterKey = hex(v, "master-key-hex");
      HierarchicalPayload.Derived key =
          HierarchicalPayload.derive(
              masterKey, binding(v), hex(v, "salt-hex"), Integer.parseInt(v.get("bytes")));
      assertThat(key.dataKey()).isEqualTo(hex(v, "data-key-hex"));
      assertThat(new Envelope(v.get("alias"), v.get("version"), key.payload()).format())
          .isEqualTo(v.get("text"));
    }
  }

  private static byte[] hex(Map<String, String> vector, String field) {
    return HexFormat.of().parseHex(vector.get(field));
  }

  private static byte[] binding(Map<String, String> vector) {
    String context = vector.get("context");
    return HierarchicalPayload.binding(
        vector.get("alias"), vector.get("version"), context.equals("-") ? null : context);
  }

  @Test
  void buckets_matchStickyHash() throws Exception {
    List<Map<String, String>> buckets = entries("bucket: ");
    assertThat(buckets).hasSizeGreaterThanOrEqualTo(3);
    for (Map<String, String> b : buckets) {
      assertThat(StickyBuckets.bucketOf(b.get("key"))).isEqualTo(Integer.parseInt(b.get("bucket")));
    }
  }

  private static List<String> lines(String prefix) throws Exception {
    try (Stream<String> lines = Files.lines(DOC)) {
      return lines
          .filter(l -> l.startsWith(prefix))
          .map(l -> l.substring(prefix.length()))
          .toList();
    }
  }

  private static List<Map<String, String>> entries(String prefix) throws Exception {
    return lines(prefix).stream()
        .map(
            line ->
                Stream.of(line.split(" "))
                    .map(kv -> kv.split("=", 2))
                    .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1])))
        .toList();
  }
}
