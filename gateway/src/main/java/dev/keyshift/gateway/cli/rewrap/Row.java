package dev.keyshift.gateway.cli.rewrap;

/**
 * One blob as a source holds it.
 *
 * @param key what identifies the row (a key column's text, a JSONL line's {@code ref})
 * @param blob the stored ciphertext; null when the row holds none
 * @param routingKey the row's routing key, or null
 * @param malformed why the row could not be read as a blob at all (a JSONL line that is not JSON),
 *     or null
 */
record Row(Object key, String blob, String routingKey, String malformed) {
  Row(Object key, String blob, String routingKey) {
    this(key, blob, routingKey, null);
  }

  static Row malformed(Object key, String why) {
    return new Row(key, null, null, why);
  }
}
