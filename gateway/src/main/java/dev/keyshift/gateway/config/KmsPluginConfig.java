package dev.keyshift.gateway.config;

import dev.keyshift.routing.Ids;
import dev.keyshift.routing.file.FieldProblem;
import java.nio.file.Path;

/**
 * {@code kms-plugin: { socket: /var/run/keyshift/kms.sock, alias: k8s-secrets }}: serve the
 * Kubernetes KMS v2 API for one alias on a Unix domain socket.
 *
 * @param socket where the socket is created (mode 0600; removed on shutdown)
 * @param alias the alias whose single weighted version encrypts the cluster's data keys
 */
public record KmsPluginConfig(Path socket, String alias) {
  public KmsPluginConfig {
    FieldProblem.required(socket, "socket");
    FieldProblem.requiredText(alias, "alias");
    FieldProblem.check(Ids.isValid(alias), "alias", "is not a valid alias id");
  }
}
