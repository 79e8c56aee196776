package dev.keyshift.routing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stable name applications use, with its versions oldest first.
 *
 * @param name alias id
 * @param lazyRewrap whether unwrap re-wraps blobs to a newer selected version
 * @param legacy id of the version that unwraps raw (non-envelope) blobs, or {@code null}
 * @param versions key versions, oldest first
 * @param revision bumped by every change; the admin API's ETag
 */
public record Alias(
    String name, boolean lazyRewrap, String legacy, List<KeyVersion> versions, long revision) {

  /** The revision of an alias whose file does not give one. */
  public static final long FIRST_REVISION = 1;

  public Alias {
    Objects.requireNonNull(name, "name");
    versions = List.copyOf(versions);
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

  public long totalWeight() {
    long total = 0;
    for (KeyVersion version : versions) {
      total += version.weight();
    }
    return total;
  }

  public Alias withVersions(List<KeyVersion> newVersions) {
    return new Alias(name, lazyRewrap, legacy, newVersions, revision);
  }

  public Alias withRevision(long newRevision) {
    return new Alias(name, lazyRewrap, legacy, versions, newRevision);
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
