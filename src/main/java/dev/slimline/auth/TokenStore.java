package dev.slimline.auth;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** API tokens in the database ({@code api_tokens}), kept as hashes ({@link TokenSecrets}). */
@Component
public class TokenStore {

    /** What a token name may look like; it becomes the owner of the token's jobs. */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._@-]{0,127}";
    public static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    /** The id and name of the token {@code slimline.auth.bootstrap-token} installs. */
    static final String BOOTSTRAP = "bootstrap";

    private static final Set<String> RESERVED_NAMES = Set.of(Caller.ANONYMOUS, BOOTSTRAP);

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();

    TokenStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new token and its secret, which exists only in this answer. */
    public record Issued(ApiToken token, String secret) {

        @Override
        public String toString() {
            return "Issued[token=" + token + ", secret=***]";
        }
    }

    /** Names that {@link #create} refuses: the owner of unauthenticated jobs, and the bootstrap token's. */
    public static boolean isReserved(String name) {
        return RESERVED_NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    public Issued create(String name, Set<Role> roles, String createdBy) {
        if (!NAME.matcher(name).matches() || isReserved(name)) {
            throw new IllegalArgumentException("not a token name that can be created: " + name);
        }
        String secret = TokenSecrets.generate(random);
        ApiToken token = new ApiToken(UUID.randomUUID().toString(), name, Set.copyOf(roles), now(), createdBy, null);
        jdbc.update("INSERT INTO api_tokens (id, name, token_hash, roles, created_at, created_by)"
                + " VALUES (?, ?, ?, ?, ?, ?)", token.id(), token.name(), TokenSecrets.hash(secret), roles(roles), ts(token.createdAt()),
                createdBy);
        return new Issued(token, secret);
    }

    /** Every token, valid and revoked, oldest first. */
    public List<ApiToken> list() {
        return jdbc.query("SELECT id, name, roles, created_at, created_by, revoked_at FROM api_tokens"
                + " ORDER BY created_at, id", TokenStore::token);
    }

    public Optional<ApiToken> find(String id) {
        return jdbc.query("SELECT id, name, roles, created_at, created_by, revoked_at FROM api_tokens WHERE id = ?",
                TokenStore::token, id).stream().findFirst();
    }

    /** Revokes the token (again: no change); false when there is no such token. */
    public boolean revoke(String id) {
        jdbc.update("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", ts(now()), id);
        return find(id).isPresent();
    }

    /** The caller a valid (not revoked) token stands for. */
    Optional<Caller> authenticate(String secret) {
        return jdbc.query("SELECT name, roles FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                (rs, n) -> new Caller(rs.getString("name"), roles(rs.getString("roles"))), TokenSecrets.hash(secret))
                .stream().findFirst();
    }

    /**
     * Makes {@code secret} the bootstrap ADMIN token: a new secret replaces the previous one, and a
     * bootstrap token revoked through the API is valid again (remove the setting to retire it).
     */
    void installBootstrap(String secret) {
        String hash = TokenSecrets.hash(secret);
        if (updateBootstrap(hash) == 0) {
            try {
                jdbc.update("INSERT INTO api_tokens (id, name, token_hash, roles, created_at, created_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", BOOTSTRAP, BOOTSTRAP, hash, Role.ADMIN.name(), ts(now()),
                        "configuration");
            } catch (DuplicateKeyException e) {
                // another instance sharing the database installed it at the same moment
                updateBootstrap(hash);
            }
        }
    }

    private int updateBootstrap(String hash) {
        return jdbc.update("UPDATE api_tokens SET token_hash = ?, roles = ?, revoked_at = NULL WHERE id = ?", hash,
                Role.ADMIN.name(), BOOTSTRAP);
    }

    private static ApiToken token(ResultSet rs, int row) throws SQLException {
        OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
        return new ApiToken(rs.getString("id"), rs.getString("name"), roles(rs.getString("roles")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("created_by"),
                revoked == null ? null : revoked.toInstant());
    }

    private static String roles(Set<Role> roles) {
        return roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
    }

    private static Set<Role> roles(String stored) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(stored.split(",")).filter(s -> !s.isBlank()).map(Role::valueOf).forEach(roles::add);
        return roles;
    }

    /** To the microsecond, as the database keeps it, so a token reads back as it was created. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
