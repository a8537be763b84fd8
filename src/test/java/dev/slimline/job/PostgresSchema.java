package dev.slimline.job;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema in the local PostgreSQL test database ({@code .ci/run} starts it;
 * 127.0.0.1:5432, database {@code slimline}, user {@code postgres}), dropped on close, so tests never
 * meet each other's rows. Without a server the test fails when {@code CI=true} and is aborted otherwise.
 */
public final class PostgresSchema implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/slimline";
    private static final String USER = "postgres";
    /** 32 bytes in base64, a test's key: never a production one. */
    static final String SECRETS_KEY = "c2xpbWxpbmUgdGVzdCBrZXksIG5vdCBhIHNlY3JldCE=";

    private final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    public static PostgresSchema create() {
        String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(SERVER, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("PostgreSQL is unreachable and CI=true: " + e.getMessage());
            }
            Assumptions.abort("no PostgreSQL on 127.0.0.1:5432: " + e.getMessage());
        }
        return new PostgresSchema(name);
    }

    public String jdbcUrl() {
        return SERVER + "?currentSchema=" + name;
    }

    /**
     * Spring settings that point a service at this schema, with the secrets key every service on
     * PostgreSQL needs (the same for every service of the test, like replicas of one deployment).
     */
    public Map<String, Object> springProperties() {
        return Map.of("spring.datasource.url", jdbcUrl(), "spring.datasource.username", USER,
                "spring.datasource.password", "", "spring.flyway.default-schema", name,
                "spring.flyway.schemas", name, "slimline.secrets.key", SECRETS_KEY);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    @Override
    public void close() {
        try (Connection connection = DriverManager.getConnection(SERVER, USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("drop test schema " + name, e);
        }
    }
}
