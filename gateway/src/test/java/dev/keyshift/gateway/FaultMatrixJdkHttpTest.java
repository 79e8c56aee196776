package dev.keyshift.gateway;

/** The same fault matrix with the Azure SDK on the JDK's HTTP client ({@code http-client: jdk}). */
class FaultMatrixJdkHttpTest extends FaultMatrixTest {
  @Override
  protected String httpClient() {
    return "jdk";
  }
}
