package dev.keyshift.gateway.cli.rewrap;

import java.util.List;

/**
 * Consecutive rows in key order, read as one batch.
 *
 * @param seq the page's place in the run, from 0
 * @param end where reading continues after this page, as the source records it in a checkpoint
 */
record Page(long seq, List<Row> rows, Object end) {}
