package dev.keyshift.gateway.config;

/**
 * What the Azure-compatible surface's 401 challenge names: the Entra ID authority (with a tenant
 * path segment: the Azure SDK takes the tenant from it) and the resource tokens are for.
 */
public record AzureChallenge(String authorization, String resource) {
  public static final AzureChallenge DEFAULT =
      new AzureChallenge("https://login.microsoftonline.com/common", "https://vault.azure.net");

  /** The {@code WWW-Authenticate} value. */
  public String header() {
    return "Bearer authorization=\"" + authorization + "\", resource=\"" + resource + "\"";
  }
}
