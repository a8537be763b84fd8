package dev.slimline.probe;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One request per operation of the application's OpenAPI document (3.0 or 3.1, JSON or YAML,
 * read with swagger-parser, {@code $ref}s resolved): GET and HEAD operations, and those of the
 * methods the job lists. Path and query parameters take their {@code example}, first of
 * {@code examples}, {@code default} or first {@code enum} value, else a value of the schema's
 * type; a request body its example.
 */
public final class OpenApiSource implements RequestSource {

    static final int MAX_REQUESTS = 500;
    static final int MAX_DOCUMENT_BYTES = 4 << 20;

    private final OpenApiProbes settings;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

    public OpenApiSource(OpenApiProbes settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "openapi";
    }

    @Override
    public List<HttpProbe> requests(ProbeEnvironment environment) {
        ProbeTarget target = target(environment);
        String text = settings.document() != null ? settings.document() : fetch(target, environment);
        List<HttpProbe> requests = requests(parse(text), target.containerPort());
        environment.log().accept("The OpenAPI document gives " + requests.size() + " request(s) on port "
                + target.containerPort());
        return requests;
    }

    private ProbeTarget target(ProbeEnvironment environment) {
        if (settings.port() == null) {
            return environment.targets().stream().findFirst().orElseThrow(() -> new ProbeException(
                    "OpenAPI probes need a published port, and the container publishes none"));
        }
        return environment.targets().stream().filter(t -> t.containerPort() == settings.port()).findFirst()
                .orElseThrow(() -> new ProbeException("probes.openApi names port " + settings.port()
                        + ", which the container does not publish"));
    }

    private String fetch(ProbeTarget target, ProbeEnvironment environment) {
        URI uri = URI.create("http://" + target.host() + ":" + target.hostPort() + settings.path());
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
                    .timeout(environment.timing().request()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new ProbeException("the OpenAPI document GET " + settings.path() + " answered "
                        + response.statusCode());
            }
            if (response.body().length > MAX_DOCUMENT_BYTES) {
                throw new ProbeException("the OpenAPI document GET " + settings.path() + " is larger than "
                        + MAX_DOCUMENT_BYTES + " bytes");
            }
            return new String(response.body(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProbeException("the OpenAPI document GET " + settings.path() + " could not be fetched: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while fetching the OpenAPI document");
        }
    }

    static OpenAPI parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        if (result == null || result.getOpenAPI() == null || result.getOpenAPI().getPaths() == null) {
            List<String> messages = result == null || result.getMessages() == null ? List.of() : result.getMessages();
            throw new ProbeException("the OpenAPI document could not be parsed: "
                    + (messages.isEmpty() ? "it holds no paths" : String.join("; ", messages)));
        }
        return result.getOpenAPI();
    }

    List<HttpProbe> requests(OpenAPI api, int port) {
        Set<String> methods = new HashSet<>(Set.of("GET", "HEAD"));
        settings.methods().forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
        String base = basePath(api);
        List<HttpProbe> requests = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> operation : path.getValue().readOperationsMap().entrySet()) {
                String method = operation.getKey().name();
                if (!methods.contains(method) || requests.size() == MAX_REQUESTS) {
                    continue;
                }
                List<Parameter> parameters = parameters(path.getValue(), operation.getValue());
                String body = body(operation.getValue());
                requests.add(new HttpProbe(method, base + fill(path.getKey(), parameters), port,
                        body == null ? Map.of() : Map.of("Content-Type", "application/json"), body, null));
            }
        }
        return requests;
    }

    private static String basePath(OpenAPI api) {
        if (api.getServers() == null || api.getServers().isEmpty() || api.getServers().get(0).getUrl() == null) {
            return "";
        }
        String url = api.getServers().get(0).getUrl();
        String path = url.startsWith("/") ? url : URI.create(url).getPath();
        path = path == null ? "" : path;
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The path item's parameters, overridden by the operation's of the same name and place. */
    private static List<Parameter> parameters(PathItem item, Operation operation) {
        Map<String, Parameter> byKey = new LinkedHashMap<>();
        for (List<Parameter> list : Arrays.asList(item.getParameters(), operation.getParameters())) {
            if (list != null) {
                list.forEach(p -> byKey.put(p.getIn() + ":" + p.getName(), p));
            }
        }
        return List.copyOf(byKey.values());
    }

    private static String fill(String template, List<Parameter> parameters) {
        String path = template;
        StringBuilder query = new StringBuilder();
        for (Parameter parameter : parameters) {
            String value = value(parameter);
            if ("path".equals(parameter.getIn())) {
                path = path.replace("{" + parameter.getName() + "}",
                        URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            } else if ("query".equals(parameter.getIn())
                    && (Boolean.TRUE.equals(parameter.getRequired()) || hasGivenValue(parameter))) {
                query.append(query.isEmpty() ? '?' : '&').append(URLEncoder.encode(parameter.getName(),
                        StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return path + query;
    }

    private static boolean hasGivenValue(Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        return parameter.getExample() != null || (parameter.getExamples() != null && !parameter.getExamples().isEmpty())
                || (schema != null && (schema.getExample() != null || schema.getDefault() != null
                        || (schema.getEnum() != null && !schema.getEnum().isEmpty())));
    }

    static String value(Parameter parameter) {
        if (parameter.getExample() != null) {
            return text(parameter.getExample());
        }
        if (parameter.getExamples() != null) {
            for (Example example : parameter.getExamples().values()) {
                if (example.getValue() != null) {
                    return text(example.getValue());
                }
            }
        }
        return value(parameter.getSchema());
    }

    private static String value(Schema<?> schema) {
        if (schema == null) {
            return "1";
        }
        if (schema.getExample() != null) {
            return text(schema.getExample());
        }
        if (schema.getDefault() != null) {
            return text(schema.getDefault());
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return text(schema.getEnum().get(0));
        }
        String type = schema.getType() != null ? schema.getType()
                : schema.getTypes() != null && !schema.getTypes().isEmpty() ? schema.getTypes().iterator().next() : "";
        String format = schema.getFormat() == null ? "" : schema.getFormat();
        return switch (type) {
            case "integer", "number" -> "1";
            case "boolean" -> "true";
            case "array" -> value(schema.getItems());
            default -> switch (format) {
                case "uuid" -> "00000000-0000-0000-0000-000000000001";
                case "date" -> "2024-01-01";
                case "date-time" -> "2024-01-01T00:00:00Z";
                default -> "example";
            };
        };
    }

    /** The JSON example of the request body, when the operation has a body and an example of it. */
    private static String body(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return null;
        }
        MediaType media = operation.getRequestBody().getContent().get("application/json");
        if (media == null) {
            return null;
        }
        Object example = media.getExample();
        if (example == null && media.getExamples() != null) {
            example = media.getExamples().values().stream().map(Example::getValue).filter(v -> v != null)
                    .findFirst().orElse(null);
        }
        if (example == null && media.getSchema() != null) {
            example = media.getSchema().getExample();
        }
        return example == null ? null : example instanceof String s ? s : json(example);
    }

    private static String text(Object value) {
        return value instanceof String s ? s : json(value);
    }

    private static String json(Object value) {
        try {
            String json = Json.mapper().writeValueAsString(value);
            return value instanceof Number || value instanceof Boolean ? json.replace("\"", "") : json;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
