package dev.slimline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    @Test
    void refusesTheMetadataServiceLoopbackAndPrivateAddresses() {
        assertThat(WebhookTargets.problem("http://169.254.169.254/", false))
                .hasValueSatisfying(p -> assertThat(p).contains("link-local", "169.254.169.254"));
        for (String url : new String[] {"http://127.0.0.1:8080/hook", "http://[::1]/", "https://10.1.2.3/",
                "https://192.168.0.10/", "http://172.16.5.4/", "http://0.0.0.0/", "http://[fd00::1]/",
                "http://[fe80::1]/", "http://100.64.0.1/", "http://localhost/"}) {
            assertThat(WebhookTargets.problem(url, false)).as(url).isPresent();
        }
    }

    @Test
    void allowsPublicAddressesAndWhenConfiguredPrivateOnes() {
        assertThat(WebhookTargets.problem("https://93.184.216.34/hook", false)).isEmpty();
        assertThat(WebhookTargets.problem("http://127.0.0.1:8080/hook", true)).isEmpty();
        assertThat(WebhookTargets.problem("http://169.254.169.254/", true)).isEmpty();
    }

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAndNoLogin() {
        assertThat(WebhookTargets.problem("ftp://93.184.216.34/", true)).hasValue("must be an http or https URL");
        assertThat(WebhookTargets.problem("file:///etc/passwd", true)).hasValue("must be an http or https URL");
        assertThat(WebhookTargets.problem("/relative", true)).hasValue("must be an http or https URL");
        assertThat(WebhookTargets.problem("http:///nohost", true)).hasValue("must name a host");
        assertThat(WebhookTargets.problem("https://user:pw@93.184.216.34/", true))
                .hasValueSatisfying(p -> assertThat(p).startsWith("must not hold a user name"));
        assertThat(WebhookTargets.problem("http://a b/", true)).hasValueSatisfying(p -> assertThat(p).startsWith("must be a URL"));
    }
}
