package dev.slimline.testsupport;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A fresh in-memory H2 database with the service's own Flyway migrations applied, for fast unit tests. */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    /** A new database of its own on every call, alive until the JVM ends. */
    public static DataSource create() {
        DriverManagerDataSource data = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(data).load().migrate();
        return data;
    }
}
