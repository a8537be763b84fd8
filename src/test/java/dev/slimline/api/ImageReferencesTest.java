package dev.slimline.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferencesTest {

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "nginx:1.25", "library/nginx:latest", "docker.io/library/nginx",
            "registry.example:5000/team/app:1.4", "localhost:5000/a/b/c:v1_2-3.4", "127.0.0.1:5000/app",
            "[::1]:5000/app:1", "my-registry.local/app__x.y-z:tag",
            "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "app:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void acceptsDockerReferences(String reference) {
        assertThat(ImageReferences.isReference(reference)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "nginx; rm -rf /", "$(id)", "`id`", "a|b", "a&&b", "a>b", "a\nb", "Nginx",
            "app:", ":tag", "app::tag", "-app", "app-", "a//b", "/app", "app/", "app:tag with space",
            "app@sha256:short", "app:-tag", "..", "../etc/passwd", "app:tag:again"})
    void refusesWhatIsNotAReference(String value) {
        assertThat(ImageReferences.isReference(value)).as(value).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app:1-slim", "registry.example:5000/team/app.slim:1.4"})
    void acceptsTaggedNames(String name) {
        assertThat(ImageReferences.isTaggedName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "a b"})
    void refusesDigestsAsTagNames(String name) {
        assertThat(ImageReferences.isTaggedName(name)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void boundsTheNameLength() {
        assertThat(ImageReferences.isReference("a".repeat(255))).isTrue();
        assertThat(ImageReferences.isReference("a".repeat(256))).isFalse();
        assertThat(ImageReferences.isReference("a".repeat(100000))).isFalse();
    }
}
