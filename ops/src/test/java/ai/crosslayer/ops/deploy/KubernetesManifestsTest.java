package ai.crosslayer.ops.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every file of {@code ops/deploy/k8s} is read into Kubernetes' own API model (fabric8's, generated from
 * the Kubernetes OpenAPI schema), offline: a misspelt or misplaced field, a wrong type or an unknown kind
 * fails. Then our rules: probes on the public health routes, requests and limits, non-root and read-only,
 * secrets by reference only, the management port never exposed.
 */
class KubernetesManifestsTest {

    static final Path FOLDER = Path.of("deploy", "k8s");
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class);
    /** Names of settings whose values are secrets: these may only come from a Secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL|DATABASE_USER|CLIENT_ID).*");
    private static final int MANAGEMENT_PORT = 8081;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper MODEL = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static List<HasMetadata> resources;

    @BeforeAll
    static void read() throws IOException {
        resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.sorted().toList()) {
                assertThat(file.getFileName().toString()).as("only manifests in %s", FOLDER).endsWith(".yaml");
                resources.addAll(read(file));
            }
        }
    }

    /** Each document of a file, read strictly into the class of its apiVersion and kind. */
    static List<HasMetadata> read(Path file) throws IOException {
        List<HasMetadata> read = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String type = document.path("apiVersion").asText() + " " + document.path("kind").asText();
                Class<? extends HasMetadata> kind = KINDS.get(type);
                assertThat(kind).as("%s: a kind these manifests may hold (%s)", file, type).isNotNull();
                HasMetadata resource = MODEL.treeToValue(document, kind);
                assertThat(unknownFields(resource, "", new IdentityHashMap<>()))
                        .as("%s: fields that %s does not have", file, type).isEmpty();
                JsonNode written = MODEL.valueToTree(resource);
                assertThat(written.equals(KubernetesManifestsTest::sameValue, document))
                        .as("%s reads back as written: %s", file, written).isTrue();
                read.add(resource);
            }
        }
        return read;
    }

    /** Equal nodes, numbers compared by value (the model writes a Long where YAML read an int). */
    private static int sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    /**
     * fabric8's classes keep fields they do not know in {@code additionalProperties} instead of failing:
     * the paths of all of them.
     */
    static List<String> unknownFields(Object value, String path, Map<Object, Boolean> seen) {
        List<String> unknown = new ArrayList<>();
        if (value == null || seen.put(value, true) != null) {
            return unknown;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
            }
            return unknown;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknown.addAll(unknownFields(item, path + "." + key, seen)));
            return unknown;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return unknown;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(getter.toString(), e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) field).keySet().forEach(key -> unknown.add(path + "." + key));
            } else {
                unknown.addAll(unknownFields(field, path + "." + getter.getName().substring(3), seen));
            }
        }
        return unknown;
    }

    @Test
    void everyKindTheServiceNeedsIsThere() {
        assertThat(resources.stream().map(r -> r.getApiVersion() + " " + r.getKind()))
                .containsExactlyInAnyOrderElementsOf(KINDS.keySet());
    }

    @Test
    void podsAreProbedOnThePublicHealthGroupsAndBudgeted() {
        for (Container container : containers()) {
            assertThat(container.getPorts()).as("container ports")
                    .allSatisfy(port -> assertThat(port.getContainerPort()).isNotEqualTo(MANAGEMENT_PORT));
            assertThat(container.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(8080);
            assertPublicProbe(container.getLivenessProbe(), "/actuator/health/liveness");
            assertPublicProbe(container.getReadinessProbe(), "/actuator/health/readiness");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        }
    }

    private static void assertPublicProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as("the named public port").isEqualTo("http");
    }

    @Test
    void podsRunAsNobodyOnAReadOnlyRootWithNoPrivileges() {
        for (Deployment deployment : only(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            }
        }
    }

    @Test
    void secretsAreReferencedByNameOnly() throws IOException {
        for (Container container : containers()) {
            assertThat(container.getEnvFrom()).as("envFrom would hide which secrets are used").isNullOrEmpty();
            for (EnvVar env : container.getEnv()) {
                if (SECRET_NAME.matcher(env.getName()).matches()) {
                    assertThat(env.getValue()).as(env.getName()).isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(env.getName()).isEqualTo("crosslayer");
                }
            }
        }
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                assertThat(text).as("%s holds no Secret, no literal secret", file)
                        .doesNotContainPattern("(?m)^kind:\\s*Secret")
                        .doesNotContainPattern("(?i)(stringData|BEGIN [A-Z ]*PRIVATE KEY|xox[abp]-|sk-ant-|gh[pous]_)")
                        .doesNotContainPattern("[A-Za-z0-9+/]{40,}={0,2}");
            }
        }
    }

    @Test
    void theManagementPortIsNeverExposed() {
        for (Service service : only(Service.class)) {
            assertThat(service.getSpec().getPorts()).allSatisfy(port -> {
                assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
                assertThat(port.getPort()).isNotEqualTo(MANAGEMENT_PORT);
            });
        }
        for (NetworkPolicy policy : only(NetworkPolicy.class)) {
            assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress", "Egress");
            assertThat(policy.getSpec().getIngress()).flatExtracting(rule -> rule.getPorts())
                    .extracting(port -> port.getPort().getIntVal()).containsExactly(8080);
        }
        for (Container container : containers()) {
            assertThat(container.getEnv()).noneSatisfy(env ->
                    assertThat(env.getName()).isIn("CROSSLAYER_MANAGEMENT_ADDRESS", "CROSSLAYER_MANAGEMENT_PORT"));
        }
    }

    @Test
    void theBudgetAndTheAutoscalerKeepTwoPodsAndSelectTheDeployment() {
        Deployment deployment = only(Deployment.class).get(0);
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        for (PodDisruptionBudget budget : only(PodDisruptionBudget.class)) {
            assertThat(labels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        }
        for (HorizontalPodAutoscaler scaler : only(HorizontalPodAutoscaler.class)) {
            assertThat(scaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
            assertThat(scaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        }
        for (Service service : only(Service.class)) {
            assertThat(labels).containsAllEntriesOf(service.getSpec().getSelector());
        }
    }

    @Test
    void aMisspeltFieldIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("service.yaml");
        Files.writeString(file, Files.readString(FOLDER.resolve("service.yaml")).replace("targetPort:", "targetport:"));
        assertThatThrownBy(() -> read(file)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("targetport");
    }

    private static List<Container> containers() {
        return only(Deployment.class).stream()
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).toList();
    }

    private static <T> List<T> only(Class<T> kind) {
        List<T> found = resources.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(found).as(kind.getSimpleName()).isNotEmpty();
        return found;
    }
}
