package dev.qbank.db;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * A stand-in for the service, run in a child JVM by {@link EmbeddedDatabaseTest}: starts the durable embedded
 * database on the directory given as first argument, then inserts one row per autocommit transaction and prints
 * {@code ACK <n>} on stdout only after the commit of row n has returned. The test kills this JVM with SIGKILL.
 *
 * <p>Stdout carries nothing but the protocol lines ({@code STARTED}, {@code ACK <n>}): everything else this JVM
 * prints (zonky's and our logging) is sent to stderr. It stops on its own if nobody reads its stdout any more
 * or after {@link #MAX_RUNTIME_MILLIS}, so a crashed test run cannot leave it writing forever.
 */
public final class WritingService {

    static final String STARTED = "STARTED";
    static final String ACK = "ACK ";
    static final String TABLE = "acknowledged_write";
    private static final long MAX_RUNTIME_MILLIS = 60_000;

    private WritingService() {}

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);

        EmbeddedDatabase database = EmbeddedDatabase.start(EmbeddedDatabase.Options.durable(Path.of(args[0])));
        long deadline = System.currentTimeMillis() + MAX_RUNTIME_MILLIS;
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "")) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigint PRIMARY KEY, "
                        + "written_at timestamptz NOT NULL DEFAULT now())");
            }
            protocol.println(STARTED);
            protocol.flush();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE + " (id) VALUES (?)")) {
                for (long n = 1; System.currentTimeMillis() < deadline; n++) {
                    insert.setLong(1, n);
                    insert.executeUpdate(); // autocommit: returns once the commit is acknowledged
                    protocol.println(ACK + n);
                    protocol.flush();
                    if (protocol.checkError()) {
                        break; // the reader is gone
                    }
                }
            }
        } finally {
            database.close();
        }
    }
}
