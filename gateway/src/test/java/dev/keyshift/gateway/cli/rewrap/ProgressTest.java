package dev.keyshift.gateway.cli.rewrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void onATerminal_theBarIsRedrawnInPlace_andEndsWithANewLine() {
    StringWriter text = new StringWriter();
    Progress progress = new Progress(new PrintWriter(text), true, 1000, 0);
    progress.finish(500);
    assertThat(text.toString())
        .startsWith("\r[" + "=".repeat(15) + " ".repeat(15) + "] 500/1,000 rows")
        .contains("rows/s")
        .contains("ETA")
        .endsWith(System.lineSeparator());
  }
}
