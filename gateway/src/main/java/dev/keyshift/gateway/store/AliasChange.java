package dev.keyshift.gateway.store;

import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Cutover;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.Plan;
import dev.keyshift.routing.PlanState;
import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One admin change of one alias, checked against the routing it applies to and ready to persist.
 *
 * @param base the routing the change applies to
 * @param old the alias before
 * @param changed the alias after
 * @param after the whole routing after, validated against the one before
 * @param entry what the audit log records
 */
public record AliasChange(
    RoutingSnapshot base, Alias old, Alias changed, RoutingSnapshot after, AuditLog.Entry entry) {

  /**
   * @throws dev.keyshift.gateway.failure.GatewayFailure {@code CONFLICT} when the alias is not at
   *     {@code ifMatch}
   * @throws InvalidRoutingException when the change breaks a routing invariant or {@code rule}
   */
  public static AliasChange of(
      RoutingSnapshot base,
      String aliasName,
      String ifMatch,
      String actor,
      String action,
      UnaryOperator<Alias> edit,
      Instant now,
      RoutingRule rule) {
    Alias old = base.requireAlias(aliasName);
    Revisions.checkIfMatch(old, ifMatch);
    // A change that moves traffic under a running plan, not made by the plan, pauses it.
    Alias changed = Cutover.afterChange(old, edit.apply(old), actor);
    RoutingSnapshot after = base.with(changed).validateChangeFrom(base);
    rule.check(after);
    if (changed.plan() != null && !changed.plan().equals(old.plan())) {
      checkSteps(after, changed, rule);
    }
    return new AliasChange(
        base, old, changed, after, new AuditLog.Entry(now, actor, action, aliasName, old, changed));
  }

  /** A plan that the rule would stop at some step is refused before it starts. */
  private static void checkSteps(RoutingSnapshot after, Alias changed, RoutingRule rule) {
    List<Alias> steps = Cutover.stepRoutings(changed);
    for (int i = 0; i < steps.size(); i++) {
      try {
        rule.check(after.with(steps.get(i)));
      } catch (InvalidRoutingException e) {
        throw new InvalidRoutingException("step " + (i + 1) + ": " + e.getMessage());
      }
    }
  }

  /**
   * This change once its new keys are ready: added versions prepared on their backends, and
   * hierarchical versions given their master keys.
   */
  public Future<AliasChange> prepared(Backends backends) {
    return backends
        .prepareChange(old, changed)
        .compose(ready -> MasterKeyMint.mint(changed, backends))
        .map(this::with);
  }

  private AliasChange with(Alias minted) {
    RoutingSnapshot mintedAfter = base.with(minted).validateChangeFrom(base);
    AuditLog.Entry mintedEntry =
        new AuditLog.Entry(entry.time(), entry.actor(), entry.action(), entry.alias(), old, minted);
    return new AliasChange(base, old, minted, mintedAfter, mintedEntry);
  }

  /** Publishes the weights, plans and revision of the routing now in force. */
  public static void publish(KeyshiftMetrics metrics, RoutingSnapshot snapshot) {
    for (Alias alias : snapshot.aliases().values()) {
      alias.versions().forEach(v -> metrics.routeWeight(alias.name(), v.id(), v.weight()));
      Plan plan = alias.plan();
      boolean active = plan != null && plan.state().isActive();
      metrics.plan(
          alias.name(),
          active ? plan.step() : 0,
          plan != null && plan.state() == PlanState.ROLLED_BACK);
    }
    metrics.routingRevision(snapshot.revision());
  }
}
