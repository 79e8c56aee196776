package dev.keyshift.gateway.config;

import dev.keyshift.routing.file.FieldProblem;

/**
 * What the Azure-compatible surface's 401 challenge names: the Entra ID authority (with a tenant
 * path segment: the Azure SDK takes the tenant from it) and the resource tokens are for.
 */
public record AzureChallenge(String authorization, String resource) {
  private static final String DEFAULT_AUTHORIZATION = "https://login.microsoftonline.com/common";
  private static final String DEFAULT_RESOURCE = "https://vault.azure.net";

  public static final AzureChallenge DEFAULT =
      new AzureChallenge(DEFAULT_AUTHORIZATION, DEFAULT_RESOURCE);

  public AzureChallenge {
    authorization = authorization == null ? DEFAULT_AUTHORIZATION : authorization;
    resource =
        resource == null ? DEFAULT_RESOURCE : FieldProblem.requiredText(resource, "resource");
    FieldProblem.check(
        authorization.matches("https://[^/]+/[^/]+.*"),
        "authorization",
        "must be an https URL with a tenant path segment, e.g. https://login.microsoftonline.com/{tenant}");
  }

  /** The {@code WWW-Authenticate} value. */
  public String header() {
    return "Bearer authorization=\"" + authorization + "\", resource=\"" + resource + "\"";
  }
}
