package dev.slimline.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request by its {@code Authorization: Bearer <token>} and denies by
 * default: only the health endpoints are open (the container's HEALTHCHECK and orchestrators'
 * probes ask them without a token; their details are shown to admins only), and the web console's
 * page shells, its scripts and the API docs, which hold no data: what the console shows, it
 * fetches from the API and its fragments with the token the person typed in. Without a valid
 * token: 401 with a {@code WWW-Authenticate: Bearer} challenge. The other actuator endpoints
 * (metrics) need ADMIN; the API's controllers check the roles of their own operations.
 * With {@code slimline.auth.enabled=false} every request is an admin, which {@link LoopbackGuard}
 * allows only on loopback.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AuthFilter extends OncePerRequestFilter {

    private static final String CHALLENGE = "Bearer realm=\"slimline\"";
    private static final String BEARER = "bearer ";
    private static final Pattern PUBLIC_PAGE = Pattern.compile("/jobs/[A-Za-z0-9-]{1,64}");

    private final AuthProperties properties;
    private final TokenStore tokens;

    AuthFilter(AuthProperties properties, TokenStore tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the servlet path is decoded and normalised (no "..", no ";params"): what the request reaches
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (isHealth(path)) {
            // a bad token must not fail a liveness probe: it only hides the details
            Optional<Caller> caller = properties.enabled() ? caller(header) : Optional.of(Caller.UNAUTHENTICATED);
            chain.doFilter(caller.isPresent() ? authenticated(request, caller.get()) : request, response);
            return;
        }
        if (isPublicPage(path)) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller;
        if (!properties.enabled()) {
            caller = Caller.UNAUTHENTICATED;
        } else if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            unauthorized(response, CHALLENGE, "this needs an API token: send it as 'Authorization: Bearer <token>'");
            return;
        } else {
            Optional<Caller> found = caller(header);
            if (found.isEmpty()) {
                unauthorized(response, CHALLENGE + ", error=\"invalid_token\"", "the token is unknown or revoked");
                return;
            }
            caller = found.get();
        }
        if (isActuator(path) && !caller.has(Role.ADMIN)) {
            problem(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                    new InsufficientRoleException(caller, Role.ADMIN).getMessage());
            return;
        }
        chain.doFilter(authenticated(request, caller), response);
    }

    private Optional<Caller> caller(String header) {
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Optional.empty();
        }
        String secret = header.substring(BEARER.length()).strip();
        if (secret.isEmpty() || secret.length() > 512) {
            return Optional.empty();
        }
        return tokens.authenticate(secret);
    }

    private static boolean isHealth(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    /** The console's shells ({@code /}, {@code /submit}, {@code /jobs/<id>}), its assets and the API docs. */
    static boolean isPublicPage(String path) {
        return path.equals("/") || path.equals("/submit") || PUBLIC_PAGE.matcher(path).matches()
                || path.equals("/api/docs") || path.startsWith("/api/docs/") || path.startsWith("/assets/")
                || path.startsWith("/webjars/");
    }

    private static boolean isActuator(String path) {
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }

    /** The request with the caller as attribute and as principal, for the actuator's "show details to ADMIN". */
    private static HttpServletRequest authenticated(HttpServletRequest request, Caller caller) {
        request.setAttribute(Caller.ATTRIBUTE, caller);
        return new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public String getRemoteUser() {
                return caller.name();
            }

            @Override
            public boolean isUserInRole(String role) {
                try {
                    return caller.has(Role.valueOf(role));
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        };
    }

    private static void unauthorized(HttpServletResponse response, String challenge, String detail)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        problem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", detail);
    }

    /** {@code detail} must be JSON-safe: it is one of this class's own fixed texts or a token name. */
    private static void problem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
