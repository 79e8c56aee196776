package dev.keyshift.gateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import reactor.blockhound.BlockHound;

/**
 * Blocking calls made on Vert.x event loops, caught by what they call (BlockHound instruments
 * sleeping, waiting, file and socket I/O), never by how long a loop was busy: a loaded machine
 * stretches every task, a blocking call blocks whatever the load.
 */
public final class EventLoopBlocking {
  private static final List<String> CALLS = new CopyOnWriteArrayList<>();
  private static boolean installed;

  private EventLoopBlocking() {}

  /** Installs the detector once per JVM; later calls only forget what was caught so far. */
  public static synchronized void watch() {
    if (!installed) {
      BlockHound.builder()
          .nonBlockingThreadPredicate(
              current -> current.or(t -> t.getName().startsWith("vert.x-eventloop-thread")))
          // Not the gateway's work: loading a class, writing a log line, seeding a random.
          .allowBlockingCallsInside("java.lang.ClassLoader", "loadClass")
          .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
          .allowBlockingCallsInside("java.security.SecureRandom", "nextBytes")
          // Handing work to a pool takes the pool queue's lock for a moment: that is how work
          // leaves the loop (Vert.x's executeBlocking, Reactor's subscribeOn), not work done on it.
          .allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "execute")
          .allowBlockingCallsInside(
              "java.util.concurrent.ScheduledThreadPoolExecutor", "delayedExecute")
          .allowBlockingCallsInside("java.util.concurrent.LinkedBlockingQueue", "offer")
          .allowBlockingCallsInside(
              "reactor.core.scheduler.BoundedElasticScheduler$BoundedScheduledExecutorService",
              "ensureQueueCapacity")
          // Vert.x builds a TLS server's context on its first connection (a test's stand-in).
          .allowBlockingCallsInside(
              "io.vertx.core.internal.tls.SslContextProvider", "createContext")
          .blockingMethodCallback(
              method -> {
                String frames = frames();
                if (Thread.currentThread().getName().startsWith("vert.x-eventloop-thread")) {
                  CALLS.add(method + " on " + Thread.currentThread().getName() + " at " + frames);
                }
              })
          .install();
      installed = true;
    }
    CALLS.clear();
  }

  /** The blocking calls caught on event loops since {@link #watch}. */
  public static List<String> calls() {
    return new ArrayList<>(CALLS);
  }

  private static String frames() {
    return Arrays.stream(new Throwable().getStackTrace())
        .skip(2)
        .filter(frame -> !frame.getClassName().startsWith("reactor.blockhound"))
        .limit(40)
        .map(StackTraceElement::toString)
        .collect(Collectors.joining(" < "));
  }
}
