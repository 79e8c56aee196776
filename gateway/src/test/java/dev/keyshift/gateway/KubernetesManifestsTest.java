package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.gateway.config.GatewayConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes: every overlay rendered by kustomize (kubectl, where present) and every object
 * bound to the Kubernetes model with unknown fields refused; the ports, probes and paths the
 * manifests name are the ones the gateway serves and reads, the PrometheusRule is the rules file,
 * and the single overlay's ConfigMap starts a gateway.
 */
@ExtendWith(VertxExtension.class)
class KubernetesManifestsTest {
  static final Path KUBERNETES = Path.of("..", "deploy", "kubernetes");
  static final Path RULES = Path.of("..", "deploy", "prometheus", "keyshift-rules.yml");

  static final Map<String, Class<?>> KINDS =
      Map.of(
          "ServiceAccount", ServiceAccount.class,
          "ConfigMap", ConfigMap.class,
          "Service", Service.class,
          "PersistentVolumeClaim", PersistentVolumeClaim.class,
          "Deployment", Deployment.class,
          "PodDisruptionBudget", PodDisruptionBudget.class,
          "NetworkPolicy", NetworkPolicy.class,
          "ServiceMonitor", ServiceMonitor.class,
          "PrometheusRule", PrometheusRule.class,
          "Pod", Pod.class);

  static final ObjectMapper YAML =
      new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Test
  void everyOverlay_rendersToValidObjects_withTheGatewaysPortsProbesAndPaths() throws Exception {
    for (String overlay : List.of("single", "ha")) {
      List<Object> objects = objects(render(overlay));
      assertThat(kinds(objects))
          .as(overlay)
          .contains(
              "Deployment",
              "Service",
              "PodDisruptionBudget",
              "NetworkPolicy",
              "ServiceMonitor",
              "PrometheusRule",
              "ConfigMap");
      Deployment deployment = one(objects, Deployment.class);
      GatewayConfig config =
          configOf(one(objects, ConfigMap.class), Files.createTempDirectory("k8s"));
      assertServes(deployment.getSpec().getTemplate().getSpec(), config);
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(overlay.equals("ha") ? 3 : 1);
      assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
          .as("longer than the gateway's drain plus the preStop pause")
          .isGreaterThan(config.shutdownGrace().toSeconds() + 5);
      assertThat(one(objects, PrometheusRule.class).getSpec().getGroups()).isNotEmpty();
    }
  }

  @Test
  void aMisspelledField_isCaught() throws Exception {
    String deployment =
        Files.readString(KUBERNETES.resolve("base/deployment.yaml"))
            .replace("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(YAML.readTree(deployment)))
        .hasMessageContaining("fields the Kubernetes model does not have")
        .hasMessageContaining("readOnlyRootFileSystem");
  }

  @Test
  void thePrometheusRule_holdsExactlyTheRulesFilesGroups() throws Exception {
    JsonNode rules = YAML.readTree(RULES.toFile()).get("groups");
    JsonNode generated =
        YAML.readTree(KUBERNETES.resolve("base/prometheusrule.yaml").toFile())
            .get("spec")
            .get("groups");
    assertThat(generated)
        .as("regenerate with deploy/kubernetes/prometheusrule.sh")
        .isEqualTo(rules);
  }

  @Test
  void theKmsStaticPod_andItsConfig_areValid() throws Exception {
    Pod pod =
        (Pod) bind(YAML.readTree(KUBERNETES.resolve("kms-plugin/keyshift-kms.yaml").toFile()));
    Path dir = Files.createTempDirectory("kms");
    String config =
        Files.readString(KUBERNETES.resolve("kms-plugin/keyshift.yaml"))
            .replace("/var/lib/keyshift", dir.resolve("data").toString())
            .replace("/var/run/keyshift", dir.resolve("run").toString());
    Files.writeString(dir.resolve("keyshift.yaml"), config);
    GatewayConfig loaded =
        ConfigLoader.load(dir.resolve("keyshift.yaml"), BackendProviders.types());
    assertThat(loaded.kmsPlugin().alias()).isEqualTo("k8s-secrets");
    List<String> mounts = mountPaths(pod.getSpec().getContainers().get(0));
    assertThat(mounts).contains("/var/run/keyshift", "/var/lib/keyshift", "/etc/keyshift");
  }

  @Test
  void theSingleOverlaysConfigMap_startsAGateway_thatAnswersItsProbes(
      Vertx vertx, @TempDir Path dir) throws Exception {
    List<Object> objects = objects(render("single"));
    GatewayConfig config = configOf(one(objects, ConfigMap.class), dir);
    // The init container's copy of the routing onto the volume.
    Files.copy(dir.resolve("etc/routing.yaml"), dir.resolve("data/routing.yaml"));
    try (TestGateway gw =
        TestGateway.around(dir, Gateway.start(vertx, config.withPortsForTesting(0, 0)).await())) {
      PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
      Container container = pod.getContainers().get(0);
      assertThat(gw.get(gw.admin(container.getReadinessProbe().getHttpGet().getPath())).status())
          .isEqualTo(200);
      assertThat(gw.get(gw.admin(container.getLivenessProbe().getHttpGet().getPath())).status())
          .isEqualTo(200);
      assertThat(gw.get(gw.admin("/metrics")).body()).contains("keyshift_route_weight");
    }
  }

  @Test
  void theDockerfile_runsTheJarAsNonRootOnJava17_asTheDeploymentCallsIt() throws Exception {
    String dockerfile = Files.readString(Path.of("..", "Dockerfile"));
    assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre").contains("USER 10001:10001");
    assertThat(dockerfile)
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/keyshift/keyshift.jar\"]")
        .contains("COPY --from=build /src/gateway/target/keyshift.jar /opt/keyshift/keyshift.jar");
    Deployment deployment = one(objects(render("single")), Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
        .isEqualTo(10001L);
  }

  /** Ports, probes, config and secret paths: what the pod spec names is what the gateway uses. */
  private static void assertServes(PodSpec pod, GatewayConfig config) {
    Container container = pod.getContainers().get(0);
    Map<String, Integer> ports = new java.util.HashMap<>();
    for (ContainerPort port : container.getPorts()) {
      ports.put(port.getName(), port.getContainerPort());
    }
    assertThat(ports).containsEntry("data", 8080).containsEntry("admin", 8081);
    assertThat(config.server().port()).isEqualTo(ports.get("data"));
    assertThat(config.admin().port()).isEqualTo(ports.get("admin"));
    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
    assertThat(container.getArgs())
        .containsExactly("serve", "--config", "/etc/keyshift/keyshift.yaml");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getEnv())
        .as("secrets as files, never env vars")
        .allMatch(env -> env.getValueFrom() == null);
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    List<String> mounts = mountPaths(container);
    for (Path used : pathsReadBy(config)) {
      String path = podPath(used);
      assertThat(mounts).as(path + " lies on a mounted volume").anyMatch(path::startsWith);
    }
  }

  /** Where a path the loaded config names lies in the pod. */
  private static String podPath(Path used) {
    Path root = TEMP.get();
    String path = used.toString();
    return path.replace(root.resolve("etc").toString(), "/etc/keyshift")
        .replace(root.resolve("data").toString(), "/var/lib/keyshift")
        .replace(root.resolve("secrets").toString(), "/var/run/secrets/keyshift");
  }

  /** The temporary folder standing for / while a ConfigMap's config is loaded here. */
  static final ThreadLocal<Path> TEMP = new ThreadLocal<>();

  /**
   * The ConfigMap's keyshift.yaml loaded by the gateway's own loader, with the pod's folders under
   * {@code root}: /etc/keyshift (the ConfigMap), /var/lib/keyshift (the volume),
   * /var/run/secrets/keyshift (the Secret, with stand-in contents).
   */
  private static GatewayConfig configOf(ConfigMap map, Path root) throws Exception {
    TEMP.set(root);
    Path etc = Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("data"));
    Path secrets = Files.createDirectories(root.resolve("secrets"));
    Files.writeString(secrets.resolve("keystore.password"), "k8s-test-password\n");
    Files.writeString(secrets.resolve("pg.password"), "k8s-test-password\n");
    for (Map.Entry<String, String> file : map.getData().entrySet()) {
      Files.writeString(
          etc.resolve(file.getKey()),
          file.getValue()
              .replace("/etc/keyshift", root.resolve("etc").toString())
              .replace("/var/lib/keyshift", root.resolve("data").toString())
              .replace("/var/run/secrets/keyshift", secrets.toString()));
    }
    return ConfigLoader.load(etc.resolve("keyshift.yaml"), BackendProviders.types());
  }

  private static List<Path> pathsReadBy(GatewayConfig config) {
    List<Path> paths = new ArrayList<>();
    if (config.routingFile() != null) {
      paths.add(config.routingFile());
    }
    if (config.postgres() != null && config.postgres().passwordFile() != null) {
      paths.add(config.postgres().passwordFile());
    }
    config
        .backends()
        .values()
        .forEach(
            backend -> {
              for (String field : List.of("keystore", "passwordFile")) {
                try {
                  Object value = backend.getClass().getMethod(field).invoke(backend);
                  if (value instanceof Path path) {
                    paths.add(path);
                  }
                } catch (ReflectiveOperationException e) {
                  // this backend type has no such field
                }
              }
            });
    assertThat(paths).isNotEmpty();
    return paths;
  }

  private static List<String> mountPaths(Container container) {
    List<String> mounts = new ArrayList<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      mounts.add(mount.getMountPath());
    }
    return mounts;
  }

  /** {@code kubectl kustomize} of an overlay; without kubectl the test cannot render and stops. */
  private static String render(String overlay) throws Exception {
    Process kubectl;
    try {
      kubectl =
          new ProcessBuilder(
                  "kubectl", "kustomize", KUBERNETES.resolve("overlays/" + overlay).toString())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException e) {
      Assumptions.abort("kubectl is not installed: " + e.getMessage());
      throw e;
    }
    assertThat(kubectl.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.exitValue()).as(output).isZero();
    return output;
  }

  private static List<Object> objects(String yaml) throws Exception {
    List<Object> objects = new ArrayList<>();
    List<JsonNode> documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    for (JsonNode document : documents) {
      if (document != null && !document.isEmpty()) {
        objects.add(bind(document));
      }
    }
    return objects;
  }

  /** One object bound to its model class; a field the model does not know fails. */
  private static Object bind(JsonNode document) throws Exception {
    String kind = document.get("kind").asText();
    Class<?> type = KINDS.get(kind);
    assertThat(type).as("a kind the test knows: " + kind).isNotNull();
    Object bound = YAML.treeToValue(document, type);
    List<String> unknown = new ArrayList<>();
    unknownFields(bound, kind, unknown, new IdentityHashMap<>());
    assertThat(unknown).as("fields the Kubernetes model does not have").isEmpty();
    return bound;
  }

  /** fabric8 keeps unknown fields in additionalProperties: any there is a mistake. */
  private static void unknownFields(
      Object node, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen)
      throws Exception {
    if (node == null || seen.put(node, true) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")) {
        continue;
      }
      Object value = getter.invoke(node);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + ": " + extra.keySet());
        }
        continue;
      }
      if (getter.getName().equals("getClass")) {
        continue;
      }
      unknownFields(value, path + "." + getter.getName().substring(3), unknown, seen);
    }
  }

  private static List<String> kinds(List<Object> objects) {
    List<String> kinds = new ArrayList<>();
    objects.forEach(object -> kinds.add(object.getClass().getSimpleName()));
    return kinds;
  }

  private static <T> T one(List<Object> objects, Class<T> type) {
    List<T> found = new ArrayList<>();
    objects.forEach(
        object -> {
          if (type.isInstance(object)) {
            found.add(type.cast(object));
          }
        });
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
