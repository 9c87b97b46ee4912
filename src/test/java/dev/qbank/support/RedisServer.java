package dev.qbank.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.embedded.core.ExecutableProvider;

/**
 * A redis-server of the test's own on a free port (no persistence), which a test may stop, pause and start again to
 * play an outage; as a test resource it points the Redis client at it. The port and the process id live in system
 * properties, so the test and the resource agree on them whichever class loader each was loaded by.
 *
 * <p>The executable is the {@code redis-server} on the PATH when there is one, otherwise the one that
 * {@code com.github.codemonstur:embedded-redis} ships inside its jar (6.2, linux-amd64/arm64, macOS), so the test
 * suite needs nothing installed. Commands go over a plain RESP connection ({@link #cli}), not through redis-cli.
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
            Process process = new ProcessBuilder(
                            executable(),
                            "--port",
                            Integer.toString(port()),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--daemonize",
                            "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            System.setProperty(PID, Long.toString(process.pid()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"PONG".equals(cli("PING"))) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("redis-server did not start on port " + port());
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not be started", e);
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

    /**
     * Sends one command to the server over RESP and returns its reply as redis-cli would print it (a status or bulk
     * string as is, an integer in decimal), or null when the server answered an error or could not be reached.
     */
    public static String cli(String... command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String part : command) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                request.writeBytes(bytes);
                request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(request.toByteArray());
            out.flush();
            return reply(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            return null;
        }
    }

    private static String reply(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
            case ':':
                return line;
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return "";
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    all.append(i == 0 ? "" : "\n").append(reply(in));
                }
                return all.toString();
            }
            default: // '-' (an error) or the connection closed
                return null;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-reply");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** The redis-server to run: the PATH's, else the binary shipped in the embedded-redis jar (unpacked once). */
    static synchronized String executable() throws IOException {
        Optional<Path> onPath = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
        if (onPath.isPresent()) {
            return onPath.get().toString();
        }
        File shipped = ExecutableProvider.newJarResourceProvider().get();
        if (!shipped.canExecute() && !shipped.setExecutable(true)) {
            throw new IOException("cannot make " + shipped + " executable");
        }
        return shipped.getAbsolutePath();
    }

    private static Optional<ProcessHandle> process() {
        String pid = System.getProperty(PID);
        return pid == null
                ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
    }

    private static void signal(String signal) {
        process().ifPresent(p -> {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                        .start()
                        .waitFor();
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
