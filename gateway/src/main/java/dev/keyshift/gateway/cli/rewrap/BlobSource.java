package dev.keyshift.gateway.cli.rewrap;

import java.util.List;

/**
 * Where the blobs are: read in key order a page at a time, written back row by row. Pages are
 * handed to {@link #write} from several threads, and to {@link #commit} one at a time in order.
 */
interface BlobSource extends AutoCloseable {
  /** How the scan report names where the blobs are after the run (no credentials). */
  String name();

  /** What a checkpoint must match to be resumed by this job. */
  String fingerprint();

  /** Rows in the whole source, for progress. */
  long estimate() throws Exception;

  /** Continues after {@code position} (a page's {@link Page#end}, from a checkpoint). */
  void resumeAfter(Object position) throws Exception;

  /** The next rows in key order, at most {@code max}; none at the end. */
  List<Row> read(int max) throws Exception;

  /** Where reading continues after {@code rows}, as a checkpoint records it. */
  Object positionAfter(List<Row> rows) throws Exception;

  /**
   * Writes each moved row back unless the application changed it meanwhile; answers the outcomes
   * with those rows as conflicts.
   */
  List<Outcome> write(Page page, List<Outcome> outcomes) throws Exception;

  /** Called in page order once a page is written; returns the position to checkpoint. */
  Object commit(Page page, List<Outcome> outcomes) throws Exception;

  @Override
  void close() throws Exception;
}
