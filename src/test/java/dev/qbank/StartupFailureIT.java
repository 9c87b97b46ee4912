package dev.qbank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qbank.support.PackagedService;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A packaged service that cannot start says why and exits with status 1 at once, having stopped the embedded
 * PostgreSQL it started. (It used to hang for a minute: the exit ran the database's shutdown hook, which waited for the
 * very thread that was exiting; and the cause was not printed when it came before Quarkus's logging was set up.)
 */
class StartupFailureIT {

    @Test
    void aPortInUseFailsTheStartPromptlyAndStopsTheDatabase() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                PackagedService service = PackagedService.start(
                        "port-taken", Map.of("QUARKUS_HTTP_PORT", Integer.toString(taken.getLocalPort())))) {
            assertTrue(
                    service.process().waitFor(30, TimeUnit.SECONDS),
                    "the service was still running 30 s after it could not listen; see " + service.log());
            assertEquals(1, service.process().exitValue());
            String log = Files.readString(service.log());
            assertTrue(
                    log.contains("qbank failed to start"),
                    "the log does not say that the start failed: " + service.log());
            assertTrue(
                    log.contains("Port already bound") || log.contains("Address already in use"),
                    "the log does not name the cause: " + service.log());
            assertFalse(service.databaseRunning(), "the embedded PostgreSQL was left running");
        }
    }
}
