package dev.qbank.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run reads the run command's argument file as the java launcher does. */
class CdsTrainingArgumentFileTest {

    @Test
    void commentsAreSkippedAndAQuotedOptionKeepsItsSpaces(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jvm.args");
        Files.writeString(file, """
                # a comment line
                -Xmx96m   # a comment after an option
                -XX:+UseSerialGC
                "-XX:SharedArchiveFile=/a checkout/target/quarkus-app/qbank.jsa"
                -Dx=a#b -Dy=dropped too, as java drops them
                -Dz=1
                """);
        assertEquals(
                List.of(
                        "-Xmx96m",
                        "-XX:+UseSerialGC",
                        "-XX:SharedArchiveFile=/a checkout/target/quarkus-app/qbank.jsa",
                        "-Dz=1"),
                CdsTraining.argumentFile(file));
    }

    @Test
    void theSourceFileNamesTheHeapTheCollectorAndTheArchive() throws Exception {
        List<String> options = CdsTraining.argumentFile(Path.of("src/main/jvm/jvm.args"));
        assertEquals(
                List.of(
                        "-Xmx96m",
                        "-XX:+UseSerialGC",
                        "-XX:TrimNativeHeapInterval=5000",
                        "-XX:+IgnoreUnrecognizedVMOptions",
                        "-XX:SharedArchiveFile=${cds.archive}"),
                options);
    }
}
