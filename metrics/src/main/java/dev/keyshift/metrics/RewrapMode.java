package dev.keyshift.metrics;

/** How a rewrap came about: the {@code mode} tag of {@code keyshift_rewraps_total}. */
public enum RewrapMode {
  LAZY("lazy"),
  EXPLICIT("explicit"),
  BULK("bulk");

  private final String tag;

  RewrapMode(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
