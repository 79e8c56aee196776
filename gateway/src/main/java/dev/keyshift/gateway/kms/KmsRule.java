package dev.keyshift.gateway.kms;

import dev.keyshift.gateway.store.RoutingRule;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.RoutingSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The KMS plugin's alias must exist and have exactly one version with weight: the API server keeps
 * one key id per plugin ({@code Status} and {@code Encrypt} must agree), so a cutover is one weight
 * flip, never a split, and a plan on this alias can only flip whole.
 */
final class KmsRule implements RoutingRule {
  private final String alias;

  KmsRule(String alias) {
    this.alias = alias;
  }

  @Override
  public void check(RoutingSnapshot snapshot) {
    Alias kms =
        snapshot
            .alias(alias)
            .orElseThrow(
                () ->
                    new InvalidRoutingException(
                        "alias " + alias + " is served by kms-plugin but is not routed"));
    List<String> weighted = new ArrayList<>();
    for (KeyVersion version : kms.versions()) {
      if (version.weight() > 0) {
        weighted.add(version.id());
      }
    }
    if (weighted.size() != 1) {
      throw new InvalidRoutingException(
          "alias "
              + alias
              + " is served by kms-plugin, and the Kubernetes API server needs one stable key id:"
              + " exactly one version may have weight (now "
              + String.join(", ", weighted)
              + "); cut over in one step, e.g. {\"v1\": 0, \"v2\": 100}");
    }
  }
}
