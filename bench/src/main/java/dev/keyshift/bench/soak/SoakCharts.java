package dev.keyshift.bench.soak;

import dev.keyshift.bench.soak.Timeline.Window;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The soak's PNG charts (XChart): memory, latency and failures over the run, minutes on the x axis,
 * fault windows shaded red and the restart blue.
 */
final class SoakCharts {
  private static final Color FAULT = new Color(230, 80, 60, 50);
  private static final Color RESTART = new Color(60, 110, 230, 60);

  private final List<Sample> samples;
  private final List<Window> windows;
  private final double origin;

  /** {@code origin}: the soak's start, in the samples' seconds. */
  SoakCharts(List<Sample> samples, List<Window> windows, double origin) {
    this.samples = samples;
    this.windows = windows;
    this.origin = origin;
  }

  void memory(Path png) throws IOException {
    XYChart chart = chart("Gateway memory", "MiB");
    line(chart, "RSS", Sample::rssMib);
    line(chart, "heap after GC", Sample::heapAfterGcMib);
    save(chart, png, 0);
  }

  void latency(Path png) throws IOException {
    XYChart chart = chart("Latency of successful calls (10 s intervals)", "ms (log)");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.1);
    line(chart, "p50", Sample::p50Millis);
    line(chart, "p99", Sample::p99Millis);
    save(chart, png, 0.1);
  }

  /** Failures per 10 s interval, explained by a window and not. */
  void failures(Path png, double[] explained, double[] unexplained) throws IOException {
    XYChart chart = chart("Failed calls and items per 10 s", "count");
    series(chart, "explained by a fault or the restart", explained);
    series(chart, "unexplained", unexplained);
    save(chart, png, 0);
  }

  private XYChart chart(String title, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(380)
            .title(title)
            .xAxisTitle("minutes")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisMin(0.0);
    return chart;
  }

  private void line(XYChart chart, String name, ToDoubleFunction<Sample> value) {
    double[] values = new double[samples.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value.applyAsDouble(samples.get(i));
    }
    series(chart, name, values);
  }

  private void series(XYChart chart, String name, double[] values) {
    double[] minutes = new double[samples.size()];
    for (int i = 0; i < minutes.length; i++) {
      minutes[i] = (samples.get(i).at() - origin) / 60;
    }
    XYSeries series = chart.addSeries(name, minutes, values);
    series.setMarker(SeriesMarkers.NONE);
  }

  /** Shades each window from {@code floor} to the chart's highest value, then writes the PNG. */
  private void save(XYChart chart, Path png, double floor) throws IOException {
    double top = floor;
    for (XYSeries series : chart.getSeriesMap().values()) {
      top = Math.max(top, series.getYMax());
    }
    boolean first = true;
    boolean firstRestart = true;
    for (Window window : windows) {
      boolean fault = window.kind.isFault();
      double from = (window.start - origin) / 60;
      double to = ((Double.isNaN(window.end) ? window.start : window.end) - origin) / 60;
      String name = (fault ? "fault " : "restart ") + window.kind.name().toLowerCase() + " " + from;
      XYSeries band = chart.addSeries(name, new double[] {from, to}, new double[] {top, top});
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      band.setFillColor(fault ? FAULT : RESTART);
      band.setLineColor(fault ? FAULT : RESTART);
      band.setMarker(SeriesMarkers.NONE);
      boolean legend = fault ? first : firstRestart;
      band.setShowInLegend(legend);
      if (legend) {
        band.setLabel(fault ? "fault windows" : "graceful restart");
      }
      first &= !fault;
      firstRestart &= fault;
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
