package dev.qbank.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free port (no persistence), which a test may stop, pause and start again to
 * play an outage; as a test resource it points the Redis client at it. The port and the process id live in system
 * properties, so the test and the resource agree on them whichever class loader each was loaded by.
 */
public class RedisServer implements QuarkusTestResourceLifecycleManager {

    private static final String PORT = "redis-server.test.port";
    private static final String PID = "redis-server.test.pid";

    @Override
    public Map<String, String> start() {
        System.setProperty(PORT, Integer.toString(freePort()));
        startServer();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port());
    }

    @Override
    public void stop() {
        stopServer();
    }

    public static int port() {
        return Integer.parseInt(System.getProperty(PORT));
    }

    /** Starts redis-server on the port (again) and waits until it answers. */
    public static void startServer() {
        try {
            Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port()), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            System.setProperty(PID, Long.toString(process.pid()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"PONG".equals(cli("PING"))) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("redis-server did not start on port " + port());
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not be started (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server; its data is gone (no persistence), as after a real restart. */
    public static void stopServer() {
        process().ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    /** SIGSTOP: connections stay open but nothing answers, the way a hung server or a black-holed network looks. */
    public static void pauseServer() {
        signal("STOP");
    }

    public static void resumeServer() {
        signal("CONT");
    }

    /** Runs a command with redis-cli against the server; its trimmed output, or null when it failed. */
    public static String cli(String... command) {
        String[] args = new String[command.length + 5];
        args[0] = "redis-cli";
        args[1] = "-h";
        args[2] = "127.0.0.1";
        args[3] = "-p";
        args[4] = Integer.toString(port());
        System.arraycopy(command, 0, args, 5, command.length);
        try {
            Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static java.util.Optional<ProcessHandle> process() {
        String pid = System.getProperty(PID);
        return pid == null ? java.util.Optional.empty() : ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
    }

    private static void signal(String signal) {
        process().ifPresent(p -> {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
