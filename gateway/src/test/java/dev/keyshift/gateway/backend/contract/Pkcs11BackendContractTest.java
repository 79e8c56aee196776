package dev.keyshift.gateway.backend.contract;

import dev.keyshift.gateway.SoftHsm;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.pkcs11.Pkcs11Backend;
import dev.keyshift.routing.Algorithm;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;

/** The contract on SoftHSM2 through SunPKCS11, with keys the suite creates on the token. */
class Pkcs11BackendContractTest extends KeyBackendContract {

  @Override
  protected KeyBackend open(Vertx vertx, WorkerExecutor workers) throws Exception {
    return Pkcs11Backend.open(SoftHsm.config("hsm", true), workers).await();
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
