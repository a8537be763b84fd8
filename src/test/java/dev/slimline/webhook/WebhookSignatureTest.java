package dev.slimline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void signsLikeTheStandardWebhooksReferenceLibraries() {
        // the signing example the Standard Webhooks libraries test against
        assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aSecretWithoutThePrefixIsItsUtf8Bytes() {
        // openssl dgst -sha256 -hmac 'a-plain-secret-of-24-chars' over 'msg_1.1700000000.{}'
        assertThat(WebhookSignature.sign("a-plain-secret-of-24-chars", "msg_1", 1700000000L, "{}"))
                .isEqualTo("v1,F9d0lv963qGh//YCN6fvIsQ7wm68g9zCrZnHYmfoHXk=");
    }

    @Test
    void saysWhatIsWrongWithASecret() {
        assertThat(WebhookSignature.problem(null)).isEqualTo("is required");
        assertThat(WebhookSignature.problem("short")).isEqualTo("must be at least 24 characters");
        assertThat(WebhookSignature.problem("whsec_c2hvcnQ=")).isEqualTo("must hold at least 24 bytes after whsec_");
        assertThat(WebhookSignature.problem("whsec_not base64 at all, really!!")).isEqualTo("must be base64 after whsec_");
        assertThat(WebhookSignature.problem("a-plain-secret-of-24-chars\n")).isEqualTo("must not contain control characters");
        assertThat(WebhookSignature.problem("a-plain-secret-of-24-chars")).isNull();
    }
}
