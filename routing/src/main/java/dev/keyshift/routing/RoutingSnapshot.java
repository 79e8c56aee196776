package dev.keyshift.routing;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable, validated routing: every alias with its versions, each naming a configured backend.
 * Every snapshot is validated on construction (each {@link Alias} on its own, the backends here); a
 * change is checked against the routing before it with {@link #validateChangeFrom}, then swapped in
 * atomically by its holder.
 */
public final class RoutingSnapshot {
  private final Map<String, Alias> aliases;
  private final Set<String> backends;

  private RoutingSnapshot(Map<String, Alias> aliases, Set<String> backends) {
    this.backends = Set.copyOf(backends);
    aliases.forEach((name, alias) -> Invariants.checkInRouting(name, alias, this.backends));
    this.aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
  }

  /**
   * A routing of these aliases over these backends.
   *
   * @param backends names of the configured backends
   * @throws InvalidRoutingException naming the first broken invariant
   */
  public static RoutingSnapshot of(Map<String, Alias> aliases, Set<String> backends) {
    return new RoutingSnapshot(aliases, backends);
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
   * Checks that going from {@code previous} to this snapshot keeps every issued envelope readable:
   * no alias or version removed, no version remapped to another key.
   *
   * @throws InvalidRoutingException naming the first broken invariant
   */
  public RoutingSnapshot validateChangeFrom(RoutingSnapshot previous) {
    previous.aliases.forEach((name, before) -> Invariants.checkKept(before, aliases.get(name)));
    return this;
  }

  /** This routing with one alias replaced (or added), over the same backends. */
  public RoutingSnapshot with(Alias alias) {
    Map<String, Alias> changed = new TreeMap<>(aliases);
    changed.put(alias.name(), alias);
    return new RoutingSnapshot(changed, backends);
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
    return new RoutingSnapshot(reconciled, backends);
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
