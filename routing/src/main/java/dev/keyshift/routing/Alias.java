package dev.keyshift.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The stable name applications use, with its versions oldest first: the one home of the version
 * rules. An alias is validated on construction ({@link InvalidRoutingException} naming the broken
 * invariant), and it answers which version receives a wrap ({@link #select}), whether a blob may
 * move from one version to another ({@link #rewrapAllowed}, forward only), and which plaintexts a
 * wrap may carry ({@link #checkWrappable}); {@link KeyVersion#added} says what a new version starts
 * as.
 *
 * @param name alias id
 * @param lazyRewrap whether unwrap re-wraps blobs to a newer selected version
 * @param legacy id of the version that unwraps raw (non-envelope) blobs, or {@code null}
 * @param versions key versions, oldest first
 * @param revision bumped by every change; the admin API's ETag
 * @param plan the alias's latest cutover plan, or null
 */
public record Alias(
    String name,
    boolean lazyRewrap,
    String legacy,
    List<KeyVersion> versions,
    long revision,
    Plan plan) {

  /** The revision of an alias whose file does not give one. */
  public static final long FIRST_REVISION = 1;

  public Alias {
    Objects.requireNonNull(name, "name");
    versions = List.copyOf(versions);
    // Fields are assigned after a compact constructor's body: the checks read the parameters.
    Invariants.checkAlias(name, legacy, versions);
  }

  public Alias(
      String name, boolean lazyRewrap, String legacy, List<KeyVersion> versions, long revision) {
    this(name, lazyRewrap, legacy, versions, revision, null);
  }

  public Alias(String name, boolean lazyRewrap, String legacy, List<KeyVersion> versions) {
    this(name, lazyRewrap, legacy, versions, FIRST_REVISION);
  }

  public Optional<KeyVersion> version(String id) {
    for (KeyVersion version : versions) {
      if (version.id().equals(id)) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }

  /** The version raw legacy blobs belong to, if the alias names one. */
  public Optional<KeyVersion> legacyVersion() {
    return legacy == null ? Optional.empty() : version(legacy);
  }

  /** Whether {@code candidate} was added after {@code reference}. */
  public boolean isNewer(KeyVersion candidate, KeyVersion reference) {
    return indexOf(candidate.id()) > indexOf(reference.id());
  }

  /**
   * The version that receives a new wrap: sticky by {@code routingKey} when one is given (a stable
   * hash picks a bucket; buckets are allotted newest version first), else random by weight.
   *
   * @param random source for random selection; unused with a routing key
   */
  public KeyVersion select(String routingKey, RandomGenerator random) {
    return Selector.select(this, routingKey, random);
  }

  /** The forward-only rewrap rule: a blob on {@code from} may move to {@code to} only if newer. */
  public boolean rewrapAllowed(KeyVersion from, KeyVersion to) {
    return isNewer(to, from);
  }

  /** Where a blob on {@code from} moves now: the selected version, when the rule allows it. */
  public Optional<KeyVersion> rewrapTarget(
      KeyVersion from, String routingKey, RandomGenerator random) {
    KeyVersion selected = select(routingKey, random);
    return rewrapAllowed(from, selected) ? Optional.of(selected) : Optional.empty();
  }

  /**
   * Refuses a plaintext that some version able to receive wraps could not take, so whether a wrap
   * succeeds never depends on which version the weights happen to pick.
   *
   * @throws InvalidPlaintextException naming the version and the rule
   */
  public void checkWrappable(int plaintextBytes) {
    checkWrappable(plaintextBytes, "plaintext");
  }

  /** {@link #checkWrappable(int)}, naming what the caller sent ({@code "data key"}). */
  public void checkWrappable(int plaintextBytes, String what) {
    for (KeyVersion version : versions) {
      if (version.weight() > 0) {
        version.checkPlaintext(plaintextBytes, what);
      }
    }
  }

  /** The versions this alias has and {@code before} had not: the ones a change adds. */
  public List<KeyVersion> addedSince(Alias before) {
    List<KeyVersion> added = new ArrayList<>();
    for (KeyVersion version : versions) {
      if (before.version(version.id()).isEmpty()) {
        added.add(version);
      }
    }
    return added;
  }

  /**
   * The versions this alias gives more traffic than {@code before} did: a higher weight or shadow
   * share (a version {@code before} had not counts as weight 0 and no shadow there). The ones whose
   * backends a change should ready for more calls.
   */
  public List<KeyVersion> gainingSince(Alias before) {
    List<KeyVersion> gaining = new ArrayList<>();
    for (KeyVersion version : versions) {
      List<Integer> was = before.trafficOf(version.id());
      if (version.weight() > was.get(0) || version.shadow() > was.get(1)) {
        gaining.add(version);
      }
    }
    return gaining;
  }

  /** Whether some version takes shadow wraps. */
  public boolean hasShadows() {
    for (KeyVersion version : versions) {
      if (version.shadow() > 0) {
        return true;
      }
    }
    return false;
  }

  public long totalWeight() {
    long total = 0;
    for (KeyVersion version : versions) {
      total += version.weight();
    }
    return total;
  }

  public Alias withVersions(List<KeyVersion> newVersions) {
    return new Alias(name, lazyRewrap, legacy, newVersions, revision, plan);
  }

  public Alias withRevision(long newRevision) {
    return new Alias(name, lazyRewrap, legacy, versions, newRevision, plan);
  }

  public Alias withPlan(Plan newPlan) {
    return new Alias(name, lazyRewrap, legacy, versions, revision, newPlan);
  }

  /**
   * Whether the two route new wraps alike: the same weight and shadow share for every version (a
   * version only one of them has counts as weight 0 and no shadow there).
   */
  public boolean sameTrafficAs(Alias other) {
    for (KeyVersion version : versions) {
      if (!other.trafficOf(version.id()).equals(trafficOf(version.id()))) {
        return false;
      }
    }
    for (KeyVersion version : other.versions) {
      if (!other.trafficOf(version.id()).equals(trafficOf(version.id()))) {
        return false;
      }
    }
    return true;
  }

  private List<Integer> trafficOf(String id) {
    KeyVersion version = version(id).orElse(null);
    return version == null ? List.of(0, 0) : List.of(version.weight(), version.shadow());
  }

  /** Whether the two route the same way, whatever their revisions. */
  public boolean sameRoutingAs(Alias other) {
    return withRevision(0).equals(other.withRevision(0));
  }

  private int indexOf(String id) {
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("version " + id + " is not in alias " + name);
  }
}
