package dev.slimline.console;

import dev.slimline.auth.AuthProperties;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The console's pages and the API docs. Each page is a shell without data, served without a
 * token; its script asks for the token (when tokens are on), keeps it in the tab's session storage
 * and sends it as a header with every request for data, so there is no cookie to forge requests
 * with. The pages may run scripts from this service only.
 */
@Controller
class ConsolePages {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:;"
            + " style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
            + " form-action 'self'";
    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final boolean authEnabled;

    ConsolePages(AuthProperties auth) {
        this.authEnabled = auth.enabled();
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String jobs(Model model, HttpServletResponse response) {
        return page("jobs", model, response);
    }

    @GetMapping(path = "/jobs/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String job(@PathVariable String id, Model model, HttpServletResponse response) {
        model.addAttribute("jobId", id);
        return page("job", model, response);
    }

    @GetMapping(path = "/submit", produces = MediaType.TEXT_HTML_VALUE)
    String submit(Model model, HttpServletResponse response) {
        return page("submit", model, response);
    }

    /** Swagger UI over {@link #openApi}. */
    @GetMapping(path = "/api/docs", produces = MediaType.TEXT_HTML_VALUE)
    String apiDocs(HttpServletResponse response) {
        response.setHeader("X-Frame-Options", "DENY");
        return "console/api-docs";
    }

    /** The contract, {@code openapi.yaml}, as the build put it on the classpath. */
    @GetMapping(path = "/api/docs/openapi.yaml")
    ResponseEntity<Resource> openApi() {
        return ResponseEntity.ok().contentType(YAML)
                .body(new ClassPathResource("openapi.yaml", ConsolePages.class));
    }

    private String page(String name, Model model, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("authEnabled", authEnabled);
        model.addAttribute("page", name);
        return "console/" + name;
    }
}
