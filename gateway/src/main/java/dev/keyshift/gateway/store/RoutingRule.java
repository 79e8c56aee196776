package dev.keyshift.gateway.store;

import dev.keyshift.routing.RoutingSnapshot;

/**
 * A rule the configuration adds to the routing invariants: checked on every routing a store is
 * about to put in force (at start, on each change, on each hand edit or stored revision), so a
 * routing that breaks it is refused like one that breaks an invariant.
 */
@FunctionalInterface
public interface RoutingRule {
  RoutingRule NONE = snapshot -> {};

  /**
   * @throws dev.keyshift.routing.InvalidRoutingException naming the rule and how to meet it
   */
  void check(RoutingSnapshot snapshot);
}
