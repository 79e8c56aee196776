package dev.keyshift.bench.soak;

/**
 * One 10-second sample of the gateway process and of the traffic's answers. Memory figures are NaN
 * when the process could not be read (during the restart).
 *
 * @param at seconds since the soak began (the end of the sampled interval)
 * @param heapAfterGcMib the smallest heap in use right after a GC in the interval, or the last one
 * @param gcPauseMillis the pauses' sum in the interval
 * @param answers calls answered in the interval
 * @param p50Millis of the interval's successful calls
 * @param p99Millis of the interval's successful calls
 */
record Sample(
    double at,
    long pid,
    double rssMib,
    double heapAfterGcMib,
    int gcPauses,
    double gcPauseMillis,
    double gcMaxPauseMillis,
    long openFiles,
    long threads,
    long answers,
    double p50Millis,
    double p99Millis) {}
