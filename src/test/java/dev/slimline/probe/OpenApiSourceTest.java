package dev.slimline.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiSourceTest {

    private static final String DOCUMENT = """
            openapi: 3.1.0
            info: {title: shop, version: "1"}
            servers: [{url: "https://shop.example/api/v2/"}]
            paths:
              /items/{id}:
                parameters:
                  - {name: id, in: path, required: true, schema: {type: integer}}
                get:
                  parameters:
                    - {name: fields, in: query, schema: {type: string}, example: "name,price"}
                    - {name: page, in: query, schema: {type: integer}}
                  responses: {"200": {description: one item}}
                delete:
                  responses: {"204": {description: gone}}
              /items:
                post:
                  requestBody:
                    content:
                      application/json:
                        examples: {one: {value: {name: pen, price: 2}}}
                  responses: {"201": {description: made}}
              /colours/{colour}/{since}:
                get:
                  parameters:
                    - {name: colour, in: path, required: true, schema: {$ref: "#/components/schemas/Colour"}}
                    - {name: since, in: path, required: true, schema: {type: string, format: date}}
                    - {name: sort, in: query, required: true, schema: {type: string, default: "name asc"}}
                  responses: {"200": {description: items of a colour}}
            components:
              schemas:
                Colour: {type: string, enum: [red, green]}
            """;

    private final List<String> log = new ArrayList<>();

    private List<HttpProbe> requests(OpenApiProbes settings) {
        return new OpenApiSource(settings).requests(new ProbeEnvironment(
                List.of(new ProbeTarget(8080, "127.0.0.1", 49000)), null,
                new ProbeTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), 0), () -> null, log::add));
    }

    @Test
    void makesOneGetPerOperationWithParametersFromTheDocument() {
        List<HttpProbe> requests = requests(new OpenApiProbes(8080, null, DOCUMENT, null));

        assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET /api/v2/items/1?fields=name%2Cprice",
                "GET /api/v2/colours/red/2024-01-01?sort=name+asc");
        assertThat(requests).allSatisfy(r -> assertThat(r.port()).isEqualTo(8080));
        assertThat(log).containsExactly("The OpenAPI document gives 2 request(s) on port 8080");
    }

    @Test
    void callsTheListedMethodsTooWithTheBodyFromTheExample() {
        List<HttpProbe> requests = requests(new OpenApiProbes(null, null, DOCUMENT, List.of("POST", "DELETE")));

        assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "GET /api/v2/items/1?fields=name%2Cprice", "DELETE /api/v2/items/1", "POST /api/v2/items",
                "GET /api/v2/colours/red/2024-01-01?sort=name+asc");
        HttpProbe post = requests.get(2);
        assertThat(post.body()).isEqualTo("{\"name\":\"pen\",\"price\":2}");
        assertThat(post.headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void aDocumentThatCannotBeParsedFailsWithTheParsersMessage() {
        assertThatThrownBy(() -> requests(new OpenApiProbes(8080, null, "openapi: [not, a, document", null)))
                .isInstanceOf(ProbeException.class).hasMessageStartingWith("the OpenAPI document could not be parsed: ");
    }

    @Test
    void aPortTheContainerDoesNotPublishIsNamed() {
        assertThatThrownBy(() -> requests(new OpenApiProbes(9090, null, DOCUMENT, null)))
                .isInstanceOf(ProbeException.class)
                .hasMessage("probes.openApi names port 9090, which the container does not publish");
    }
}
