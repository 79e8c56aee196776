package dev.keyshift.bench.soak;

import dev.keyshift.bench.soak.Timeline.Kind;
import dev.keyshift.bench.soak.Timeline.Window;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The soak: a gateway under checked mixed load at half of its peak for a set time, with a routing
 * change every 30 s, a vault fault every 2 minutes (slow, throttling, refused, in turn, 20 s each)
 * and one graceful restart, sampled every 10 s; then every envelope it issued is unwrapped, and the
 * report and charts are written.
 *
 * <p>Usage: {@code Soak jar=keyshift.jar out=DIR minutes=30 [rate=N]}; exits 1 when the verdict
 * fails.
 */
public final class Soak {
  static final double SAMPLE_SECONDS = 10;
  static final double CHANGE_EVERY = 30;
  static final double FAULT_EVERY = 120;
  static final double FAULT_LASTS = 20;

  /**
   * The heap is committed and touched at start, so RSS growth is native memory; an explicit GC is a
   * concurrent cycle, which the sampler asks for once a minute ({@link ProcessProbe}).
   */
  static final List<String> GATEWAY_JVM =
      List.of(
          "-Xms512m",
          "-Xmx512m",
          "-XX:+AlwaysPreTouch",
          "-XX:+ExplicitGCInvokesConcurrent",
          // The probe's GC notifications are buffered in the gateway's heap for the JMX client,
          // 1,000 by default: the buffer filling would read as the gateway's heap rising.
          "-Djmx.remote.x.notification.buffer.size=64",
          "-Xlog:gc:file=gateway-gc-%p.log:time,uptime");

  /** The v2 weight of each routing change in turn; v1 has the rest of 100. */
  private static final int[] WEIGHTS = {100, 25, 0, 75, 50, 10, 90, 50};

  private static final Kind[] FAULTS = {Kind.SLOW, Kind.THROTTLING, Kind.REFUSED};

  private Soak() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    boolean passed = new Run(options).run();
    System.exit(passed ? 0 : 1);
  }

  /** What the command line asked for. */
  record Options(Path jar, Path out, double minutes, double rate) {
    static Options parse(String[] args) {
      java.util.Map<String, String> named = named(args);
      return new Options(
          Path.of(named.get("jar")),
          Path.of(named.get("out")),
          Double.parseDouble(named.getOrDefault("minutes", "30")),
          Double.parseDouble(named.getOrDefault("rate", "0")));
    }

    /** The {@code name=value} arguments by name. */
    static java.util.Map<String, String> named(String[] args) {
      java.util.Map<String, String> named = new java.util.HashMap<>();
      for (String arg : args) {
        named.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
      return named;
    }
  }

  /** One soak run. */
  static final class Run {
    private final Options options;
    private final Timeline timeline = new Timeline();
    private final List<Sample> samples = new ArrayList<>();
    private SoakSetup setup;
    private GatewayProcess gateway;
    private volatile ProcessProbe probe;
    private Traffic traffic;
    private Admin admin;
    private long lastAnswered;
    private double soakStart;

    Run(Options options) {
      this.options = options;
    }

    boolean run() throws Exception {
      setup = new SoakSetup(options.out().resolve("gateway"));
      gateway =
          new GatewayProcess(
              options.jar(),
              setup.config,
              options.out().resolve("gateway.log"),
              GATEWAY_JVM,
              setup.adminPort);
      gateway.start();
      probe = new ProcessProbe(gateway.pid());
      admin = new Admin(setup.adminPort, setup.adminToken);
      Vertx vertx = Vertx.vertx();
      DataPlane data = new DataPlane(vertx, "127.0.0.1", setup.dataPort, setup.clientToken, 1024);
      try (Ledger ledger = new Ledger(options.out().resolve("envelopes.txt"))) {
        traffic =
            new Traffic(
                vertx,
                data,
                SoakSetup.ALIAS,
                SoakSetup.FAULTY,
                ledger,
                timeline,
                System.nanoTime());
        double peak = calibrate();
        double rate = options.rate() > 0 ? options.rate() : peak / 2;
        log("peak %.0f requests/s (all wraps on v2, 64 in flight); soaking at %.0f/s", peak, rate);
        soakStart = traffic.now();
        soak(rate, soakStart);
        traffic.stop().await();
        log(
            "load stopped; %d envelopes issued; waiting out the last fault's aftermath",
            ledger.issued());
        Thread.sleep((long) (Timeline.FAULT_AFTERMATH * 1000));
        FinalCheck.Result check = new FinalCheck(data, SoakSetup.ALIAS, traffic).run(ledger);
        log("final check: %d of %d envelopes unwrapped", check.unwrapped(), check.checked());
        SoakReport report =
            new SoakReport(
                options, peak, rate, soakStart, samples, timeline, traffic.failures(), check);
        report.write(options.out());
        log("report: %s", options.out().resolve("soak-report.md"));
        return report.passed();
      } finally {
        probe.close();
        gateway.stop();
        data.close();
        vertx.close().await();
        setup.close();
      }
    }

    /**
     * 20 s of warm-up and 20 s measured at 64 in flight, every wrap on the faulty version and every
     * read of a {@code v1} envelope rewrapped onto it: the heaviest routing the soak visits. The
     * warm-up starts at weight 50 so that {@code v1} envelopes exist, and the lazy rewrap is
     * compiled before the soak needs it at full rate (in a JVM that had never run it, the first
     * change to 100 once shed a few hundred calls while the JIT caught up).
     */
    private double calibrate() throws Exception {
      changeWeights(50);
      // A gentle start: a cold JVM given 64 calls at once takes seconds over its first ones.
      traffic.closedLoop(8);
      Thread.sleep(10_000);
      changeWeights(100);
      traffic.closedLoop(56);
      Thread.sleep(10_000);
      long from = traffic.answered();
      double started = traffic.now();
      Thread.sleep(20_000);
      double peak = (traffic.answered() - from) / (traffic.now() - started);
      traffic.stop().await();
      traffic.intervalLatency();
      changeWeights(50);
      return peak;
    }

    private void soak(double rate, double start) throws Exception {
      double seconds = options.minutes() * 60;
      double restartAt = Math.ceil(seconds * 0.2 / FAULT_EVERY) * FAULT_EVERY;
      ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2);
      long period = (long) (SAMPLE_SECONDS * 1000);
      lastAnswered = traffic.answered();
      sampler.scheduleAtFixedRate(this::sample, period, period, TimeUnit.MILLISECONDS);
      FineProbe fine =
          new FineProbe(
              options.out().resolve("fine.csv"),
              setup.adminPort,
              setup.vault.url(),
              traffic::answered,
              traffic::failed);
      sampler.scheduleAtFixedRate(
          () -> fine.sample(traffic.now() - start, gateway.pid()), 1, 1, TimeUnit.SECONDS);
      traffic.openLoop(rate);
      int changes = 0;
      int faults = 0;
      boolean restarted = false;
      Window fault = null;
      while (traffic.now() - start < seconds) {
        double t = traffic.now() - start;
        if (fault != null && t >= fault.start - start + FAULT_LASTS) {
          endFault(fault);
          fault = null;
        }
        if (t >= CHANGE_EVERY / 2 + changes * CHANGE_EVERY) {
          changeWeights(WEIGHTS[changes++ % WEIGHTS.length]);
        } else if (fault == null && t >= FAULT_EVERY / 2 + faults * FAULT_EVERY) {
          fault = startFault(FAULTS[faults++ % FAULTS.length]);
        } else if (!restarted && t >= restartAt) {
          restart();
          restarted = true;
        }
        Thread.sleep(100);
      }
      if (fault != null) {
        endFault(fault);
      }
      sampler.shutdown();
      sampler.awaitTermination(30, TimeUnit.SECONDS);
      fine.close();
    }

    private void changeWeights(int faultyWeight) throws Exception {
      String weights = "{\"v1\": %d, \"v2\": %d}".formatted(100 - faultyWeight, faultyWeight);
      // Recorded before the call and settled at its answer: the gateway applies the change at some
      // moment in between, and a call routed then may be on either side of it.
      timeline.weight(traffic == null ? 0 : traffic.now(), faultyWeight);
      int status = admin.setWeights(SoakSetup.ALIAS, weights);
      if (status != 200) {
        log("routing change to %s answered %d", weights, status);
        timeline.revertLastWeight();
      } else if (traffic != null) {
        timeline.settleLastWeight(traffic.now());
      }
    }

    private Window startFault(Kind kind) {
      Window window = timeline.open(kind, traffic.now());
      log("fault: %s", kind.description);
      switch (kind) {
        case SLOW -> setup.vault.delay(1500);
        case THROTTLING -> setup.vault.failNext(429, Integer.MAX_VALUE);
        case REFUSED -> setup.vault.refuse(true);
        default -> throw new IllegalArgumentException(kind.name());
      }
      return window;
    }

    private void endFault(Window window) {
      switch (window.kind) {
        case SLOW -> setup.vault.delay(0);
        case THROTTLING -> setup.vault.failNext(0, 0);
        case REFUSED -> setup.vault.refuse(false);
        default -> throw new IllegalArgumentException(window.kind.name());
      }
      timeline.close(window, traffic.now());
    }

    private void restart() throws Exception {
      Window window = timeline.open(Kind.RESTART, traffic.now());
      log("graceful restart");
      ProcessProbe old = probe;
      probe = null;
      old.close();
      int exit = gateway.stop();
      gateway.start();
      probe = new ProcessProbe(gateway.pid());
      timeline.close(window, traffic.now());
      log("restarted (exit code %d), ready after %.1f s", exit, window.end - window.start);
    }

    private void sample() {
      Histogram latency = traffic.intervalLatency();
      long answered = traffic.answered();
      ProcessProbe now = probe;
      double rss = Double.NaN;
      double heap = Double.NaN;
      ProcessProbe.Gc gc = new ProcessProbe.Gc(-1, 0, 0, 0);
      long files = -1;
      long threads = -1;
      long pid = -1;
      try {
        if (now != null) {
          pid = now.pid();
          rss = now.rssBytes() / 1048576.0;
          files = now.openFiles();
          threads = now.threads();
          gc = now.drainGc();
          if (samples.size() % 6 == 5) {
            now.requestCollection();
          }
          heap = gc.heapAfterGcBytes() < 0 ? Double.NaN : gc.heapAfterGcBytes() / 1048576.0;
        }
      } catch (Exception gone) {
        // the process is restarting: the sample has its traffic figures only
      }
      synchronized (samples) {
        long count = answered - lastAnswered;
        lastAnswered = answered;
        samples.add(
            new Sample(
                traffic.now(),
                pid,
                rss,
                heap,
                gc.pauses(),
                gc.pauseMillis(),
                gc.maxPauseMillis(),
                files,
                threads,
                count,
                latency.getTotalCount() == 0
                    ? Double.NaN
                    : latency.getValueAtPercentile(50) / 1000.0,
                latency.getTotalCount() == 0
                    ? Double.NaN
                    : latency.getValueAtPercentile(99) / 1000.0));
        if (samples.size() % 6 == 0) {
          Sample last = samples.get(samples.size() - 1);
          log(
              "%.1f min: RSS %.0f MiB, heap after GC %.0f MiB, %d answers in 10 s, p99 %.1f ms,"
                  + " %d failures so far",
              (last.at() - soakStart) / 60,
              last.rssMib(),
              last.heapAfterGcMib(),
              last.answers(),
              last.p99Millis(),
              traffic.failures().size());
        }
      }
    }

    private static void log(String format, Object... args) {
      System.out.printf("soak: " + format + "%n", args);
    }
  }
}
