package dev.keyshift.gateway.backend.contract;

import dev.keyshift.gateway.SoftHsm;
import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.pkcs11.Pkcs11Provider;
import dev.keyshift.routing.Algorithm;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;

/** The contract on SoftHSM2 through SunPKCS11, with keys the suite creates on the token. */
class Pkcs11BackendContractTest extends KeyBackendContract {

  @Override
  protected KeyBackend open(Vertx vertx, WorkerExecutor workers) throws Exception {
    return new Pkcs11Provider()
        .open(
            SoftHsm.config("hsm", true),
            new BackendContext("hsm", vertx, workers, Duration.ofSeconds(30)))
        .await();
  }

  @Override
  protected List<Algorithm> algorithms() {
    return List.of(Algorithm.values());
  }

  @Override
  protected String key(Algorithm algorithm, int n) {
    return "contract-" + (algorithm.isRsa() ? "rsa-" : "aes-") + n;
  }
}
