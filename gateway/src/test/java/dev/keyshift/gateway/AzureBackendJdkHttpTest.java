package dev.keyshift.gateway;

/**
 * The same Azure backend tests with the SDK on the JDK's HTTP client ({@code http-client: jdk}).
 */
class AzureBackendJdkHttpTest extends AzureBackendTest {
  @Override
  protected String httpClient() {
    return "jdk";
  }
}
