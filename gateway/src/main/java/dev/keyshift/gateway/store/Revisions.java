package dev.keyshift.gateway.store;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.Alias;

/** An alias revision as an HTTP entity tag. */
public final class Revisions {
  private Revisions() {}

  /** The {@code ETag} of an alias: its revision, quoted. */
  public static String etag(Alias alias) {
    return "\"" + alias.revision() + "\"";
  }

  /**
   * Checks an {@code If-Match} header against the alias: absent or {@code *} matches anything; else
   * one of its (comma-separated, quoted or not, weak or not) tags must be the alias's revision.
   *
   * @throws GatewayFailure {@link ErrorCode#CONFLICT} when it does not match
   */
  public static void checkIfMatch(Alias alias, String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
      return;
    }
    for (String tag : ifMatch.split(",")) {
      String bare = tag.strip().replaceFirst("^W/", "").replace("\"", "");
      if (bare.equals(Long.toString(alias.revision()))) {
        return;
      }
    }
    throw GatewayFailure.of(
        ErrorCode.CONFLICT,
        "alias "
            + alias.name()
            + " is at revision "
            + alias.revision()
            + ", not "
            + ifMatch.strip()
            + "; read it again and retry");
  }
}
