package dev.keyshift.bench.soak;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The soak's hardest moment on its own, repeated: the vault refuses connections for 20 s (the pool
 * empties) while {@code v2} has weight 0, then 25 s later a routing change gives {@code v2} 75, and
 * vault calls go from none to over a thousand a second. Prints, per cycle, the vault connections
 * before and 10 s after the change and the THROTTLED answers after it; {@code fine.csv} has the
 * seconds around it ({@link FineProbe}).
 *
 * <p>Usage: {@code Step jar=keyshift.jar out=DIR rate=900 cycles=5}
 */
public final class Step {
  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> named = Soak.Options.named(args);
    Path jar = Path.of(named.get("jar"));
    Path out = Path.of(named.get("out"));
    double rate = Double.parseDouble(named.getOrDefault("rate", "900"));
    int cycles = Integer.parseInt(named.getOrDefault("cycles", "5"));
    SoakSetup setup = new SoakSetup(out.resolve("gateway"));
    GatewayProcess gateway =
        new GatewayProcess(
            jar, setup.config, out.resolve("gateway.log"), Soak.GATEWAY_JVM, setup.adminPort);
    gateway.start();
    Admin admin = new Admin(setup.adminPort, setup.adminToken);
    Vertx vertx = Vertx.vertx();
    DataPlane data = new DataPlane(vertx, "127.0.0.1", setup.dataPort, setup.clientToken, 1024);
    Timeline timeline = new Timeline();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try (Ledger ledger = new Ledger(out.resolve("envelopes.txt"))) {
      Traffic traffic =
          new Traffic(
              vertx, data, SoakSetup.ALIAS, SoakSetup.FAULTY, ledger, timeline, System.nanoTime());
      FineProbe fine =
          new FineProbe(
              out.resolve("fine.csv"),
              setup.adminPort,
              setup.vault.url(),
              traffic::answered,
              traffic::failed);
      sampler.scheduleAtFixedRate(
          () -> fine.sample(traffic.now(), gateway.pid()), 1, 1, TimeUnit.SECONDS);
      weights(admin, timeline, traffic, 100);
      traffic.closedLoop(8);
      Thread.sleep(20_000);
      traffic.stop().await();
      weights(admin, timeline, traffic, 50);
      traffic.openLoop(rate);
      Thread.sleep(20_000);
      int seen = 0;
      for (int c = 0; c < cycles; c++) {
        weights(admin, timeline, traffic, 0);
        setup.vault.refuse(true);
        Thread.sleep(20_000);
        setup.vault.refuse(false);
        Thread.sleep(25_000);
        long before = FineProbe.vaultConnections(setup.vault.url());
        double at = traffic.now();
        weights(admin, timeline, traffic, 75);
        Thread.sleep(10_000);
        long after = FineProbe.vaultConnections(setup.vault.url());
        List<Failure> failures = traffic.failures();
        long throttled =
            failures.subList(seen, failures.size()).stream()
                .filter(f -> f.sentAt() >= at && f.kind().startsWith("429"))
                .count();
        seen = failures.size();
        System.out.printf(
            "step: cycle %d at %.0f s: vault connections %d before, %d after; 429s %d%n",
            c, at, before, after, throttled);
      }
      traffic.stop().await();
      sampler.shutdown();
      fine.close();
    } finally {
      gateway.stop();
      data.close();
      vertx.close().await();
      setup.close();
    }
    System.exit(0);
  }

  private static void weights(Admin admin, Timeline timeline, Traffic traffic, int v2)
      throws Exception {
    timeline.weight(traffic.now(), v2);
    admin.setWeights(SoakSetup.ALIAS, "{\"v1\": %d, \"v2\": %d}".formatted(100 - v2, v2));
    timeline.settleLastWeight(traffic.now());
  }
}
