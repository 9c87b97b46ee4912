package dev.qbank.db;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The application's side of {@link EmbeddedDatabase#supervise()}: after a restart the pool's connections all lead to
 * the dead server, so they are flushed at once rather than failing one request each; restarts and the server's state
 * are metrics; and liveness fails only when the server has stayed down for longer than
 * {@code qbank.database-restart-grace}, so that an orchestrator restarts a service whose database cannot come back,
 * and leaves alone one whose database is being restarted. With an external database (no embedded default) none of
 * this applies: liveness says so and is UP.
 */
@Liveness
@ApplicationScoped
public class EmbeddedDatabaseSupervision implements HealthCheck {

    private final DatabaseConfig config;

    EmbeddedDatabaseSupervision(DatabaseConfig config) {
        this.config = config;
    }

    void registerWithTheSupervisor(@Observes StartupEvent started, AgroalDataSource pool, MeterRegistry registry) {
        EmbeddedDatabase.supervised().ifPresent(database -> {
            database.onRestart(() -> pool.flush(AgroalDataSource.FlushMode.ALL));
            FunctionCounter.builder("qbank.embedded_database.restarts", database, EmbeddedDatabase::restarts)
                    .description("Times the embedded PostgreSQL died and was started again by the service")
                    .register(registry);
            Gauge.builder(
                            "qbank.embedded_database.up",
                            database,
                            d -> d.downSince().isEmpty() ? 1 : 0)
                    .description("1 while the embedded PostgreSQL runs, 0 while it is dead and being restarted")
                    .register(registry);
        });
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("embedded-database");
        return EmbeddedDatabase.supervised()
                .map(database -> {
                    response.withData("restarts", database.restarts());
                    Instant downSince = database.downSince().orElse(null);
                    if (downSince == null) {
                        return response.up().build();
                    }
                    Duration down = Duration.between(downSince, Instant.now());
                    response.withData("down_since", downSince.toString());
                    // Within the grace period a restart is under way: the service is alive, only not ready (readiness
                    // says so).
                    return down.compareTo(config.databaseRestartGrace()) > 0
                            ? response.down().build()
                            : response.up().build();
                })
                .orElseGet(() -> response.up().withData("supervised", false).build());
    }
}
