/**
 * JMH micro-benchmarks of the gateway's hot pure-Java paths (envelope text, version selection,
 * token check) and of the raw JCE operations under the local backend. Run with {@code
 * bench/jmh.sh}; results and the command are in docs/PERFORMANCE.md.
 */
package dev.keyshift.bench.jmh;
