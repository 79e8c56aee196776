package dev.keyshift.gateway.store;

import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Base64Text;
import dev.keyshift.routing.HierarchicalPayload;
import dev.keyshift.routing.Hierarchy;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the master key of each hierarchical version still without one: 256 random bits, wrapped
 * by the version's KEK, checked to unwrap again, and only the wrapped form kept. The plaintext is
 * overwritten as soon as it is wrapped.
 */
public final class MasterKeyMint {
  /** The audit action of a master key generated for a version a routing file declared. */
  public static final String GENERATE = "generate-master-key";

  private static final Logger LOG = LoggerFactory.getLogger(MasterKeyMint.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private MasterKeyMint() {}

  /** {@code alias} with a master key for every pending hierarchical version. */
  static Future<Alias> mint(Alias alias, Backends backends) {
    List<Future<KeyVersion>> versions = new ArrayList<>();
    for (KeyVersion version : alias.versions()) {
      versions.add(
          version.isHierarchical() && version.hierarchy().pending()
              ? mint(alias, version, backends)
              : Future.succeededFuture(version));
    }
    return Future.all(versions).map(all -> alias.withVersions(all.list()));
  }

  /**
   * Generates, through {@code store}, the master keys that versions declared in a routing file
   * still lack (actor {@code keyshift}). Another replica doing the same first is not a failure.
   */
  public static Future<Void> completePending(RoutingStore store) {
    List<Future<Alias>> changes = new ArrayList<>();
    for (Alias alias : store.get().aliases().values()) {
      boolean pending =
          alias.versions().stream().anyMatch(v -> v.isHierarchical() && v.hierarchy().pending());
      if (pending) {
        changes.add(
            store
                .change(
                    alias.name(),
                    null,
                    "keyshift",
                    GENERATE,
                    current -> current.withRevision(current.revision() + 1))
                .onFailure(
                    failure ->
                        LOG.warn(
                            "master key for alias {} not generated yet (retried): {}",
                            alias.name(),
                            failure.getMessage())));
      }
    }
    return Future.join(changes).<Void>mapEmpty().otherwiseEmpty();
  }

  private static Future<KeyVersion> mint(Alias alias, KeyVersion version, Backends backends) {
    byte[] masterKey = new byte[HierarchicalPayload.MASTER_KEY_BYTES];
    RANDOM.nextBytes(masterKey);
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return backends
        .wrapChecked(
            version, masterKey, "alias " + alias.name() + " version " + version.id() + "'s KEK")
        .map(
            wrapped ->
                version.withHierarchy(
                    new Hierarchy(
                        "mk-" + HexFormat.of().formatHex(id),
                        Base64Text.urlUnpadded(wrapped),
                        null)))
        .andThen(done -> Arrays.fill(masterKey, (byte) 0));
  }
}
