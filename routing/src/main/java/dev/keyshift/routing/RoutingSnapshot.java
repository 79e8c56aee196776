package dev.keyshift.routing;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable, validated routing: every alias with its versions. A new routing is built whole,
 * validated whole with {@link #validate}, then swapped in atomically by its holder.
 */
public final class RoutingSnapshot {
  private final Map<String, Alias> aliases;

  private RoutingSnapshot(Map<String, Alias> aliases) {
    this.aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
  }

  /** A snapshot of these aliases, not yet validated. */
  public static RoutingSnapshot of(Map<String, Alias> aliases) {
    return new RoutingSnapshot(aliases);
  }

  /** Aliases by name, in name order. */
  public Map<String, Alias> aliases() {
    return aliases;
  }

  public Optional<Alias> alias(String name) {
    return Optional.ofNullable(aliases.get(name));
  }

  /** The alias of that name, or {@link UnknownAliasException}. */
  public Alias requireAlias(String name) {
    Alias alias = aliases.get(name);
    if (alias == null) {
      throw new UnknownAliasException(name);
    }
    return alias;
  }

  /**
   * Checks every invariant of a routing on its own.
   *
   * @param backends names of the configured backends
   * @return this snapshot
   * @throws InvalidRoutingException naming the first broken invariant
   */
  public RoutingSnapshot validate(Set<String> backends) {
    aliases.forEach((name, alias) -> Invariants.checkAlias(name, alias, backends));
    return this;
  }

  /**
   * Checks that going from {@code previous} to this snapshot keeps every issued envelope readable:
   * no alias or version removed, no version remapped to another key.
   *
   * @throws InvalidRoutingException naming the first broken invariant
   */
  public RoutingSnapshot validateChangeFrom(RoutingSnapshot previous) {
    previous.aliases.forEach((name, before) -> Invariants.checkKept(before, aliases.get(name)));
    return this;
  }

  /** This routing with one alias replaced (or added). */
  public RoutingSnapshot with(Alias alias) {
    Map<String, Alias> changed = new TreeMap<>(aliases);
    changed.put(alias.name(), alias);
    return new RoutingSnapshot(changed);
  }

  /**
   * Revisions for a routing read from a hand-edited file: an alias that routes as before keeps its
   * revision; one that changed gets a revision above the previous one even if the editor did not
   * bump it, so no ETag ever names two states.
   */
  public RoutingSnapshot withRevisionsAfter(RoutingSnapshot previous) {
    Map<String, Alias> reconciled = new TreeMap<>();
    aliases.forEach(
        (name, alias) -> {
          Alias before = previous.aliases.get(name);
          long revision =
              before == null
                  ? alias.revision()
                  : alias.sameRoutingAs(before)
                      ? before.revision()
                      : Math.max(alias.revision(), before.revision() + 1);
          reconciled.put(name, alias.withRevision(revision));
        });
    return new RoutingSnapshot(reconciled);
  }

  /** The sum of alias revisions: grows with every change, for the routing revision gauge. */
  public long revision() {
    return aliases.values().stream().mapToLong(Alias::revision).sum();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RoutingSnapshot snapshot && aliases.equals(snapshot.aliases);
  }

  @Override
  public int hashCode() {
    return aliases.hashCode();
  }

  @Override
  public String toString() {
    return "RoutingSnapshot" + aliases.keySet();
  }
}
