package dev.keyshift.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Shares count a sample once per area, however many of its frames are in the area. */
class ProfileSharesTest {

  @Test
  void sharesAreOfSamples_andTopFramesAreTheLastFrames() {
    String summary =
        ProfileShares.summary(
            List.of(
                "java/lang/Thread.run;io/vertx/ext/web/impl/RouterImpl.handle;"
                    + "io/vertx/ext/web/impl/RoutingContextImplBase.iterateNext;"
                    + "sun/nio/ch/SocketDispatcher.write;__GI_write 30",
                "java/lang/Thread.run;io/micrometer/core/instrument/MeterRegistry.getOrCreateMeter 10",
                "start_thread;CompileBroker::compiler_thread_loop;PhaseChaitin::Split 60"),
            2);
    assertThat(summary)
        .startsWith("100 samples")
        .contains(" 30.0%  socket write and read system calls")
        .contains(" 30.0%  Vert.x Web router")
        .contains(" 10.0%  Micrometer (ours and Vert.x's HTTP meters)")
        .contains(" 60.0%  JIT compiler threads")
        .contains("  0.0%  Jackson")
        .contains(" 60.0%  PhaseChaitin::Split")
        .contains(" 30.0%  __GI_write")
        .doesNotContain("getOrCreateMeter\n");
  }
}
