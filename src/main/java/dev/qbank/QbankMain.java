package dev.qbank;

import dev.qbank.db.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the packaged service. With no datasource URL configured it first starts the embedded
 * PostgreSQL (the "embedded default"), points Quarkus at it and supervises it (started again if it dies); with a URL
 * it starts nothing.
 */
@QuarkusMain
public class QbankMain {

    public static void main(String... args) {
        if (!EmbeddedDatabase.noDatasourceConfigured()) {
            Quarkus.run(args);
            return;
        }
        EmbeddedDatabase database =
                EmbeddedDatabase.start(EmbeddedDatabase.Options.durable(EmbeddedDatabase.dataDirectory()));
        database.exportAsDatasource();
        database.supervise();
        // The database must outlive the application: it stops only once Quarkus has finished its graceful
        // shutdown (in-flight requests included), never in parallel with it.
        Thread stopAfterQuarkus = database.stopAfter(Thread.currentThread());
        Quarkus.run(
                null,
                (exitCode, failure) -> {
                    if (failure != null) {
                        // Quarkus's logging may not be set up yet (a failure during static init): say why on stderr.
                        System.err.println("qbank failed to start: " + failure);
                        failure.printStackTrace();
                    }
                    database.close();
                    if (!stopAfterQuarkus.isAlive()) {
                        // Not a signal: this thread exits the JVM. The hook waits for this very thread, so it must go
                        // first,
                        // or System.exit would wait for the hook while the hook waits for System.exit to return.
                        try {
                            Runtime.getRuntime().removeShutdownHook(stopAfterQuarkus);
                        } catch (IllegalStateException shutdownAlreadyStarted) {
                            // a signal arrived meanwhile: its shutdown runs the hook, which finds the database closed
                        }
                        System.exit(exitCode);
                    }
                },
                args);
    }
}
