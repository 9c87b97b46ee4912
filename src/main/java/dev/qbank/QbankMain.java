package dev.qbank;

import dev.qbank.db.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the packaged service. With no datasource URL configured it first starts the embedded
 * PostgreSQL (the "embedded default") and points Quarkus at it; with a URL it starts nothing.
 */
@QuarkusMain
public class QbankMain {

    public static void main(String... args) {
        if (!EmbeddedDatabase.noDatasourceConfigured()) {
            Quarkus.run(args);
            return;
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(EmbeddedDatabase.Options.durable(EmbeddedDatabase.dataDirectory()));
        database.exportAsDatasource();
        // The database must outlive the application: it stops only once Quarkus has finished its graceful
        // shutdown (in-flight requests included), never in parallel with it.
        Thread stopAfterQuarkus = database.stopAfter(Thread.currentThread());
        Quarkus.run(null, (exitCode, failure) -> {
            database.close();
            if (!stopAfterQuarkus.isAlive()) {
                System.exit(exitCode);
            }
        }, args);
    }
}
