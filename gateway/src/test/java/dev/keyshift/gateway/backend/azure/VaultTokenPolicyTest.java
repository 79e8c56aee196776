package dev.keyshift.gateway.backend.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bearer token on vault calls: one token for concurrent calls, renewed once near its expiry
 * while calls go on with it, and renewed and sent once more when the vault answers 401. The vault
 * is a stub transport (Azure cannot run here) answering by the token it is shown.
 */
class VaultTokenPolicyTest {
  private static final String SCOPE = "https://managedhsm.azure.net/.default";

  private final List<String> shown = new CopyOnWriteArrayList<>();
  private final AtomicInteger fetched = new AtomicInteger();

  @Test
  void manyCalls_shareOneToken() {
    HttpPipeline pipeline = pipeline(credential(n -> token(n, 60)), auth -> 200);
    List<Integer> statuses =
        Flux.fromStream(IntStream.range(0, 50).boxed())
            .flatMap(i -> pipeline.send(request()).map(HttpResponse::getStatusCode), 50)
            .collectList()
            .block();
    assertThat(statuses).hasSize(50).containsOnly(200);
    assertThat(fetched).hasValue(1);
    assertThat(shown).hasSize(50).containsOnly("Bearer t1");
  }

  @Test
  void aTokenNearExpiry_isRenewedOnce_whileCallsGoOnWithIt() {
    // The first token expires within the renewal margin; the next ones in an hour.
    HttpPipeline pipeline = pipeline(credential(n -> token(n, n == 1 ? 1 : 60)), auth -> 200);
    assertThat(pipeline.send(request()).block().getStatusCode()).isEqualTo(200);
    assertThat(pipeline.send(request()).block().getStatusCode()).isEqualTo(200);
    assertThat(pipeline.send(request()).block().getStatusCode()).isEqualTo(200);
    assertThat(fetched).hasValue(2);
    assertThat(shown).containsExactly("Bearer t1", "Bearer t1", "Bearer t2");
  }

  @Test
  void a401_renewsTheToken_andSendsOnceMore() {
    HttpPipeline pipeline =
        pipeline(credential(n -> token(n, 60)), auth -> auth.equals("Bearer t1") ? 401 : 200);
    assertThat(pipeline.send(request()).block().getStatusCode()).isEqualTo(200);
    assertThat(fetched).hasValue(2);
    assertThat(shown).containsExactly("Bearer t1", "Bearer t2");
  }

  @Test
  void a401Again_isPassedOn() {
    HttpPipeline pipeline = pipeline(credential(n -> token(n, 60)), auth -> 401);
    assertThat(pipeline.send(request()).block().getStatusCode()).isEqualTo(401);
    assertThat(shown).containsExactly("Bearer t1", "Bearer t2");
  }

  private TokenCredential credential(Function<Integer, AccessToken> tokens) {
    return new TokenCredential() {
      @Override
      public Mono<AccessToken> getToken(TokenRequestContext request) {
        assertThat(request.getScopes()).containsExactly(SCOPE);
        return Mono.fromSupplier(() -> tokens.apply(fetched.incrementAndGet()));
      }
    };
  }

  private static AccessToken token(int n, int minutes) {
    return new AccessToken("t" + n, OffsetDateTime.now().plusMinutes(minutes));
  }

  private HttpPipeline pipeline(TokenCredential credential, Function<String, Integer> vault) {
    return new HttpPipelineBuilder()
        .httpClient(
            request -> {
              String auth = request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION);
              shown.add(auth);
              return Mono.just(
                  new VertxAzureResponse(
                      request, vault.apply(auth), new HttpHeaders(), new byte[0]));
            })
        .policies(new VaultTokenPolicy(credential, SCOPE))
        .build();
  }

  private static HttpRequest request() {
    return new HttpRequest(HttpMethod.POST, "https://vault.example/keys/k/1/wrapkey");
  }
}
