package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Bad input gets a 4xx problem that names the field, never a 500, and never queues a job. */
class JobValidationTest extends ApiTestBase {

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{}", "image"),
                Arguments.of("{\"image\":\"\"}", "image"),
                Arguments.of("{\"image\":\"nginx; rm -rf /\"}", "image"),
                Arguments.of("{\"image\":\"$(id)\"}", "image"),
                Arguments.of("{\"image\":\"app`reboot`\"}", "image"),
                Arguments.of("{\"image\":\"app|cat\"}", "image"),
                Arguments.of("{\"image\":\"Upper/Case:1\"}", "image"),
                Arguments.of("{\"image\":\"app:tag with space\"}", "image"),
                Arguments.of("{\"image\":\"" + "a".repeat(300) + "\"}", "image"),
                Arguments.of("{\"image\":12}", "image"),
                Arguments.of("{\"image\":\"app\",\"targetTag\":\"app@sha256:" + "a".repeat(64) + "\"}", "targetTag"),
                Arguments.of("{\"image\":\"app\",\"pull\":\"SOMETIMES\"}", "pull"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"port\":0}]}", "httpProbes[0].port"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"port\":65536}]}", "httpProbes[0].port"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"port\":\"http\"}]}", "httpProbes[0].port"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{},{\"path\":\"no-slash\"}]}", "httpProbes[1].path"),
                // scheme-relative: no path an application serves, and another host to some clients
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"path\":\"//host/x\"}]}", "httpProbes[0].path"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"path\":\"/\\\\host/x\"}]}",
                        "httpProbes[0].path"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"method\":\"BREW\"}]}", "httpProbes[0].method"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"expectStatus\":99}]}",
                        "httpProbes[0].expectStatus"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"headers\":{\"X-A\":\"1\\r\\nX-B: 2\"}}]}",
                        "httpProbes[0].headers"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{},{\"expect\":{\"bodyMatches\":\"(open\"}}]}",
                        "httpProbes[1].expect.bodyMatches"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"expect\":{\"json\":{\"status\":\"ok\"}}}]}",
                        "httpProbes[0].expect.json"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"expect\":{\"status\":600}}]}",
                        "httpProbes[0].expect.status"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"expect\":{\"bodyContains\":[\"\"]}}]}",
                        "httpProbes[0].expect.bodyContains[0]"),
                Arguments.of("{\"image\":\"app\",\"httpProbes\":[{\"expect\":{\"statsu\":200}}]}",
                        "httpProbes[0].expect.statsu"),
                Arguments.of("{\"image\":\"app\",\"imgae\":\"typo\"}", "imgae"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"timeout\":5}}", "probes.timeout"),
                Arguments.of("{\"image\":\"app\",\"pullCredentials\":{\"username\":\"u\"}}",
                        "pullCredentials.password"),
                Arguments.of("{\"image\":\"app\",\"pullCredentials\":{\"username\":\"u\",\"password\":\"p\\n\"}}",
                        "pullCredentials.password"),
                Arguments.of("{\"image\":\"r:5000/app\",\"pullCredentials\":{\"serverAddress\":\"other:5000\","
                        + "\"username\":\"u\",\"password\":\"p\"}}", "pullCredentials.serverAddress"),
                Arguments.of("{\"image\":\"app\",\"pullCredentials\":{\"username\":\"u\",\"password\":\"p\","
                        + "\"token\":\"t\"}}", "pullCredentials.token"),
                Arguments.of("{\"image\":\"app\",\"push\":{\"reference\":\"r:5000/a:1\",\"credentials\":{}}}",
                        "push.credentials.username"),
                Arguments.of("{\"image\":\"app\",\"push\":{\"reference\":\"r:5000/a:1\",\"credentials\":"
                        + "{\"serverAddress\":\"docker.io\",\"username\":\"u\",\"password\":\"p\"}}}",
                        "push.credentials.serverAddress"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"readinessTimeoutSeconds\":-1}}",
                        "probes.readinessTimeoutSeconds"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"requestTimeoutSeconds\":0}}",
                        "probes.requestTimeoutSeconds"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"stop\":\"AFTER_DURATION\"}}", "probes.stopAfterSeconds"),
                Arguments.of("{\"image\":\"app\",\"limits\":{\"jobTimeoutSeconds\":-5}}", "limits.jobTimeoutSeconds"),
                Arguments.of("{\"image\":\"app\",\"limits\":{\"memoryBytes\":1024}}", "limits.memoryBytes"),
                Arguments.of("{\"image\":\"app\",\"limits\":{\"cpus\":0}}", "limits.cpus"),
                Arguments.of("{\"image\":\"app\",\"overrides\":{\"exposePorts\":[\"99999\"]}}",
                        "overrides.exposePorts[0]"),
                Arguments.of("{\"image\":\"app\",\"overrides\":{\"exposePorts\":[\"80; ls\"]}}",
                        "overrides.exposePorts[0]"),
                Arguments.of("{\"image\":\"app\",\"overrides\":{\"workdir\":\"relative\"}}", "overrides.workdir"),
                Arguments.of("{\"image\":\"app\",\"overrides\":{\"env\":{\"BAD NAME\":\"x\"}}}", "overrides.env"),
                Arguments.of("{\"image\":\"app\",\"excludes\":\"/tmp\"}", "excludes"),
                Arguments.of("{\"image\":\"app\",\"execProbes\":[{\"cmd\":[]}]}", "execProbes[0].cmd"),
                Arguments.of("{\"image\":\"app\",\"execProbes\":[{\"cmd\":[\"true\"],\"expectExitCode\":256}]}",
                        "execProbes[0].expectExitCode"),
                Arguments.of("{\"image\":\"app\",\"tcpProbes\":[{\"send\":\"PING\"}]}", "tcpProbes[0].port"),
                Arguments.of("{\"image\":\"app\",\"tcpProbes\":[{\"port\":6379,\"send\":\"" + "x".repeat(65537)
                        + "\"}]}", "tcpProbes[0].send"),
                Arguments.of("{\"image\":\"app\",\"tcpProbes\":[{\"port\":6379,\"send\":\"" + "é".repeat(40000)
                        + "\"}]}", "tcpProbes[0].send"),
                Arguments.of("{\"image\":\"app\",\"tcpProbes\":[{\"port\":6379,\"sendBase64\":\"not base64!\"}]}",
                        "tcpProbes[0].sendBase64"),
                Arguments.of("{\"image\":\"app\",\"tcpProbes\":[{\"port\":6379,\"send\":\"a\",\"sendBase64\":\"YQ==\"}]}",
                        "tcpProbes[0].sendBase64"),
                Arguments.of("{\"image\":\"app\",\"tcpProbes\":[{\"port\":6379,\"expectMatches\":\"(unclosed\"}]}",
                        "tcpProbes[0].expectMatches"),
                Arguments.of("{\"image\":\"app\",\"services\":[{\"name\":\"db\",\"image\":\"pg\"},"
                        + "{\"name\":\"db\",\"image\":\"pg\"}]}", "services[1].name"),
                Arguments.of("{\"image\":\"app\",\"services\":[{\"name\":\"app\",\"image\":\"pg\"}]}",
                        "services[0].name"),
                Arguments.of("{\"image\":\"app\",\"services\":[{\"name\":\"Not_A_Host\",\"image\":\"pg\"}]}",
                        "services[0].name"),
                Arguments.of("{\"image\":\"app\",\"services\":[{\"name\":\"db\",\"image\":\"pg;ls\"}]}",
                        "services[0].image"),
                Arguments.of("{\"image\":\"app\",\"services\":[{\"name\":\"db\",\"image\":\"pg\",\"ready\":"
                        + "{\"tcpPort\":5432,\"logContains\":\"ready\"}}]}", "services[0].ready"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"openApi\":{\"path\":\"openapi.json\"}}}",
                        "probes.openApi.path"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"openApi\":{\"path\":\"/api docs\"}}}",
                        "probes.openApi.path"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"openApi\":{\"port\":8080}}}", "probes.openApi.path"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"openApi\":{\"path\":\"/o.json\",\"methods\":[\"BREW\"]}}}",
                        "probes.openApi.methods"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"crawl\":{\"maxPages\":10001}}}",
                        "probes.crawl.maxPages"),
                Arguments.of("{\"image\":\"app\",\"probes\":{\"crawl\":{\"startPath\":\"index.html\"}}}",
                        "probes.crawl.startPath"),
                Arguments.of("{\"image\":\"app\",\"sensor\":{\"mode\":\"SLOW\"}}", "sensor.mode"),
                Arguments.of("{\"image\":\"app\",\"sensor\":{\"filter\":\"FAST\"}}", "sensor.filter"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badBodies")
    void refusesAnInvalidFieldNamingIt(String body, String field) {
        long before = jobCount();

        JsonNode problem = api.invalid("POST", "/api/v1/jobs", body, Map.of("Content-Type", "application/json"))
                .problem(400);

        assertThat(fields(problem)).as(problem.toString()).anySatisfy(f -> assertThat(f).startsWith(field));
        assertThat(jobCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void refusesMalformedJsonWith400(String body) {
        api.invalid("POST", "/api/v1/jobs", body, Map.of("Content-Type", "application/json")).problem(400);
    }

    static Stream<String> malformed() {
        return Stream.of("{\"image\":", "not json", "[]", "null", "", "{\"image\":\"app\"} trailing",
                "{\"image\":\"app\",\"image\":\"other\"}");
    }

    @Test
    void refusesABodyOverTheLimitWith413() {
        String huge = "{\"image\":\"app\",\"excludes\":[\"" + "x".repeat(10 * 1024 * 1024) + "\"]}";

        api.invalid("POST", "/api/v1/jobs", huge, Map.of("Content-Type", "application/json")).problem(413);
    }

    @ParameterizedTest
    @MethodSource("unknownStatuses")
    void refusesAnUnknownStatusInTheListFilterNamingIt(String query) {
        JsonNode problem = api.invalid("GET", "/api/v1/jobs?status=" + query, null, Map.of()).problem(400);

        assertThat(fields(problem)).containsExactly("status");
    }

    static Stream<String> unknownStatuses() {
        return Stream.of("%00", "DONE", "RUNNING%00", "SUCCEEDED,%00", "RUNNING,nope", "%E2%80%8B");
    }

    @Test
    void answersAMethodNoOperationHasWith405AsAProblem() {
        ApiClient.Response trace = api.unchecked("TRACE", "/api/v1/jobs", null, Map.of());

        trace.problem(405);
        assertThat(trace.header("Allow")).contains("GET").contains("POST").doesNotContain("TRACE");
        assertThat(trace.body()).as("the request is not echoed").doesNotContain("HTTP/1.1");
    }

    @Test
    void refusesAnInvalidIdempotencyKey() {
        JsonNode problem = api.invalid("POST", "/api/v1/jobs", "{\"image\":\"app\"}",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "k".repeat(300))).problem(400);

        assertThat(fields(problem)).containsExactly("Idempotency-Key");
    }

    @Test
    void acceptsEveryDocumentedOptionAndShowsThemBack() {
        String body = """
                {"image": "registry.example:5000/team/app:1.4",
                 "targetTag": "registry.example:5000/team/app:1.4-slim",
                 "pull": "NEVER",
                 "httpProbes": [{"method": "POST", "path": "/api/items?x=1", "port": 8080,
                                 "headers": {"Content-Type": "application/json"}, "body": "{}", "expectStatus": 201,
                                 "expect": {"status": 201, "bodyContains": ["created"], "bodyMatches": "id.: *[0-9]+",
                                            "json": {"/item/name": "x", "/item/tags/0": null, "/count": 1}}}],
                 "probes": {"defaultProbes": false, "readinessTimeoutSeconds": 30, "requestTimeoutSeconds": 5,
                            "retries": 2, "stop": "AFTER_DURATION", "stopAfterSeconds": 20,
                            "openApi": {"port": 8080, "path": "/v3/api-docs", "methods": ["POST"]},
                            "crawl": {"port": 8080, "startPath": "/docs/", "maxPages": 500, "maxDepth": 4}},
                 "overrides": {"entrypoint": ["/app/run"], "cmd": ["--port", "8080"], "env": {"MODE": "test"},
                               "workdir": "/app", "user": "1000:1000", "exposePorts": ["8080/tcp"]},
                 "includes": {"paths": ["/etc/app/**"], "binaries": ["curl"], "shell": true, "caCertificates": true},
                 "excludes": ["/usr/share/doc/**"],
                 "outputs": {"seccomp": true, "apparmor": false, "verify": false},
                 "limits": {"memoryBytes": 268435456, "cpus": 0.5, "pids": 100, "jobTimeoutSeconds": 600},
                 "push": {"reference": "127.0.0.1:5000/team/app:1.4-slim"},
                 "sensor": {"mode": "EXACT"},
                 "execProbes": [{"cmd": ["redis-cli", "get", "k"], "user": "redis", "env": {"LC_ALL": "C"},
                                 "expectExitCode": 0, "stdoutContains": "v", "timeoutSeconds": 10}],
                 "tcpProbes": [{"port": 6379, "send": "PING\\r\\n", "expectContains": "+PONG", "timeoutSeconds": 3},
                               {"port": 6379, "sendBase64": "UElORw0K", "expectMatches": "^\\\\+PONG"}],
                 "services": [{"name": "db", "image": "registry.example:5000/team/postgres:15",
                               "env": {"POSTGRES_PASSWORD": "x"}, "cmd": ["postgres"],
                               "ready": {"execProbe": {"cmd": ["pg_isready"]}}},
                              {"name": "cache", "image": "redis:7", "ready": {"tcpPort": 6379}}]}
                """;

        ApiClient.Response response = api.post("/api/v1/jobs", body);

        assertThat(response.status()).isEqualTo(202);
        JsonNode spec = response.json().path("spec");
        assertThat(spec.path("pull").asString()).isEqualTo("NEVER");
        assertThat(spec.path("httpProbes").get(0).path("expectStatus").asInt()).isEqualTo(201);
        JsonNode expect = spec.path("httpProbes").get(0).path("expect");
        assertThat(expect.path("status").asInt()).isEqualTo(201);
        assertThat(expect.path("bodyContains").get(0).asString()).isEqualTo("created");
        assertThat(expect.path("bodyMatches").asString()).isEqualTo("id.: *[0-9]+");
        assertThat(expect.path("json").path("/item/name").asString()).isEqualTo("x");
        assertThat(expect.path("json").path("/item/tags/0").isNull()).isTrue();
        assertThat(expect.path("json").path("/count").asInt()).isEqualTo(1);
        assertThat(spec.path("probes").path("stopAfterSeconds").asInt()).isEqualTo(20);
        assertThat(spec.path("overrides").path("env").path("MODE").asString()).isEqualTo("test");
        assertThat(spec.path("includes").path("caCertificates").asBoolean()).isTrue();
        assertThat(spec.path("outputs").path("apparmor").asBoolean()).isFalse();
        assertThat(spec.path("limits").path("cpus").asDouble()).isEqualTo(0.5);
        assertThat(spec.path("limits").path("jobTimeoutSeconds").asLong()).isEqualTo(600);
        assertThat(spec.path("push").path("reference").asString()).isEqualTo("127.0.0.1:5000/team/app:1.4-slim");
        assertThat(spec.path("execProbes").get(0).path("user").asString()).isEqualTo("redis");
        assertThat(spec.path("tcpProbes").get(0).path("send").asString()).isEqualTo("PING\r\n");
        assertThat(spec.path("tcpProbes").get(1).path("timeoutSeconds").asInt()).as("the default").isEqualTo(5);
        assertThat(spec.path("services").get(0).path("ready").path("execProbe").path("expectExitCode").asInt())
                .isZero();
        assertThat(spec.path("services").get(1).path("ready").path("tcpPort").asInt()).isEqualTo(6379);
        assertThat(spec.path("probes").path("openApi").path("methods").get(0).asString()).isEqualTo("POST");
        assertThat(spec.path("probes").path("crawl").path("maxDepth").asInt()).isEqualTo(4);
        assertThat(spec.path("sensor").path("mode").asString()).isEqualTo("EXACT");
    }

    @Test
    void fillsInDefaultsForAMinimalRequest() {
        JsonNode spec = api.post("/api/v1/jobs", "{\"image\":\"app\"}").json().path("spec");

        assertThat(spec.path("pull").asString()).isEqualTo("IF_MISSING");
        assertThat(spec.path("probes").path("defaultProbes").asBoolean()).isTrue();
        assertThat(spec.path("probes").path("stop").asString()).isEqualTo("AFTER_PROBES");
        assertThat(spec.path("limits").path("jobTimeoutSeconds").asLong()).isEqualTo(1200);
        assertThat(spec.path("outputs").path("verify").asBoolean()).isTrue();
        assertThat(spec.path("sensor").path("mode").asString()).isEqualTo("FAST");
    }

    private long jobCount() {
        return api.get("/api/v1/jobs?size=1").json().path("totalItems").asLong();
    }

    private static List<String> fields(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.path("errors").forEach(e -> out.add(e.path("field").asString()));
        return out;
    }
}
