package io.llmgate.model.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/** Issue 17 item 6: data/llmgate.mv.db was created 0644, readable by every local user. */
class DataDirectoryPermissionsTest {

    @TempDir
    Path temp;

    @Test
    void aNewDataDirectoryIsCreatedForTheOwnerOnly() throws Exception {
        Path data = temp.resolve("data");
        run("jdbc:h2:file:" + data.resolve("llmgate") + ";AUTO_SERVER=FALSE;WRITE_DELAY=0");
        assertThat(Files.isDirectory(data)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void anExistingDirectoryAndItsFilesAreTightened() throws Exception {
        Path data = Files.createDirectories(temp.resolve("old"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = Files.writeString(data.resolve("llmgate.mv.db"), "x");
        Path key = Files.writeString(data.resolve("master.key"), "k");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        run("jdbc:h2:file:" + data.resolve("llmgate"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void filesH2CreatesAfterTheFirstPassAreTightenedWhenTheApplicationIsReady() throws Exception {
        Path data = temp.resolve("new");
        String url = "jdbc:h2:file:" + data.resolve("llmgate");
        run(url);
        Path db = Files.writeString(data.resolve("llmgate.mv.db"), "x"); // as H2 creates it, by the umask
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.setEnvironment(new MockEnvironment().withProperty("spring.datasource.url", url));
            new DataDirectoryPermissions().onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(),
                    new String[0], context, Duration.ZERO));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
    }

    @Test
    void otherDatabasesAreLeftAlone() {
        assertThat(DataDirectoryPermissions.h2Directory("jdbc:postgresql://127.0.0.1:5432/test")).isNull();
        assertThat(DataDirectoryPermissions.h2Directory("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isNull();
    }

    @Test
    void theDefaultConfigurationRunsIt() throws Exception {
        String factories = new String(getClass().getResourceAsStream("/META-INF/spring.factories").readAllBytes());
        assertThat(factories).contains("EnvironmentPostProcessor=\\\n" + DataDirectoryPermissions.class.getName())
                .contains("ApplicationListener=\\\n" + DataDirectoryPermissions.class.getName());
    }

    private static void run(String url) {
        new DataDirectoryPermissions().postProcessEnvironment(
                new MockEnvironment().withProperty("spring.datasource.url", url), new SpringApplication());
    }
}
