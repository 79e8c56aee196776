package dev.keyshift.bench.soak;

/**
 * One call, or one batch item, that did not get the answer it should have.
 *
 * @param sentAt seconds since the soak began
 * @param answeredAt seconds since the soak began
 * @param operation what was asked: wrap, unwrap, rewrap, batch-wrap, batch-unwrap, final-unwrap
 * @param kind {@code "{status} {code}"}, {@code "transport"} or {@code "wrong answer"}
 * @param faultyEnvelope whether the call unwraps an envelope of the vault-backed version
 * @param wraps whether the call wraps under the version the weights select
 * @param detail what went wrong, for the report
 */
record Failure(
    double sentAt,
    double answeredAt,
    String operation,
    String kind,
    boolean faultyEnvelope,
    boolean wraps,
    String detail) {}
