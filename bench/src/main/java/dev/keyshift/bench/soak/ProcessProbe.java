package dev.keyshift.bench.soak;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What the gateway process holds, read from outside as an SRE would: RSS, threads and open file
 * descriptors from /proc, and its heap after each GC and each GC pause from the JVM's own GC
 * notifications (over JMX, attached to the process).
 */
final class ProcessProbe implements AutoCloseable {
  /** Heap after GC (smallest since the last read), pauses since the last read. */
  record Gc(long heapAfterGcBytes, int pauses, double pauseMillis, double maxPauseMillis) {}

  private final long pid;
  private final JMXConnector connector;
  private final MemoryMXBean memory;
  private final Set<String> heapPools = new HashSet<>();
  private long minAfterGc = Long.MAX_VALUE;
  private long lastAfterGc = -1;
  private int pauses;
  private double pauseMillis;
  private double maxPauseMillis;

  ProcessProbe(long pid) throws Exception {
    this.pid = pid;
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
    MBeanServerConnection server = connector.getMBeanServerConnection();
    memory =
        ManagementFactory.newPlatformMXBeanProxy(
            server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    for (ObjectName pool : server.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null)) {
      if ("HEAP".equals(server.getAttribute(pool, "Type"))) {
        heapPools.add(pool.getKeyProperty("name"));
      }
    }
    for (ObjectName gc :
        server.queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null)) {
      server.addNotificationListener(gc, (n, handback) -> collected(n), null, null);
    }
  }

  long pid() {
    return pid;
  }

  long rssBytes() throws IOException {
    return statusField("VmRSS:") * 1024;
  }

  long threads() throws IOException {
    return statusField("Threads:");
  }

  long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return fds.count();
    }
  }

  /**
   * Asks for a collection. With {@code -XX:+ExplicitGCInvokesConcurrent} that is a concurrent
   * cycle, not a stop-the-world one: it reclaims the old generation's garbage, which G1 would leave
   * until the heap is 45% full, so that heap after GC measures what is live.
   */
  void requestCollection() {
    memory.gc();
  }

  /** The GC figures since the last call. */
  synchronized Gc drainGc() {
    long heap = minAfterGc == Long.MAX_VALUE ? lastAfterGc : minAfterGc;
    Gc gc = new Gc(heap, pauses, pauseMillis, maxPauseMillis);
    minAfterGc = Long.MAX_VALUE;
    pauses = 0;
    pauseMillis = 0;
    maxPauseMillis = 0;
    return gc;
  }

  private synchronized void collected(Notification notification) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long after = 0;
    for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        after += ((MemoryUsage) pool.getValue()).getUsed();
      }
    }
    lastAfterGc = after;
    minAfterGc = Math.min(minAfterGc, after);
    // Concurrent cycles run beside the application; only the others stop it.
    if (!info.getGcName().contains("Concurrent")) {
      pauses++;
      pauseMillis += info.getGcInfo().getDuration();
      maxPauseMillis = Math.max(maxPauseMillis, info.getGcInfo().getDuration());
    }
  }

  private long statusField(String name) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IOException(name + " not in /proc/" + pid + "/status");
  }

  @Override
  public void close() {
    try {
      connector.close();
    } catch (IOException gone) {
      // the process has exited
    }
  }
}
