package dev.keyshift.bench.soak;

/**
 * A least-squares line through (time, value) points, for telling a leak from noise: the rise it
 * fits over the window against the window's mean.
 *
 * @param points how many points it was fitted to
 * @param mean the values' mean
 * @param slopePerMinute the fitted change per minute
 * @param rise the fitted change over the whole window
 */
record Trend(int points, double mean, double slopePerMinute, double rise) {
  /** A rise under this share of the mean is flat: GC and allocation noise, not growth. */
  static final double FLAT_SHARE = 0.05;

  /** Fits {@code values} at {@code seconds}; NaN values are skipped. */
  static Trend fit(double[] seconds, double[] values) {
    int n = 0;
    double sx = 0;
    double sy = 0;
    double first = Double.NaN;
    double last = Double.NaN;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        n++;
        sx += seconds[i];
        sy += values[i];
        first = Double.isNaN(first) ? seconds[i] : first;
        last = seconds[i];
      }
    }
    if (n < 2) {
      return new Trend(n, n == 0 ? Double.NaN : sy, Double.NaN, Double.NaN);
    }
    double mx = sx / n;
    double my = sy / n;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        sxy += (seconds[i] - mx) * (values[i] - my);
        sxx += (seconds[i] - mx) * (seconds[i] - mx);
      }
    }
    double slope = sxx == 0 ? 0 : sxy / sxx;
    return new Trend(n, my, slope * 60, slope * (last - first));
  }

  boolean flat() {
    return points >= 2 && rise < FLAT_SHARE * mean;
  }
}
