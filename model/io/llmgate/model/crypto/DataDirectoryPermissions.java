package io.llmgate.model.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The embedded H2 database's directory (./data by default, which also holds the development master key) is the
 * owner's alone: created 0700 before H2 opens it, and on every start tightened to 0700 with its files 0600, so
 * another local user can read neither the database nor the key. Runs before any bean, as an environment post
 * processor (config/META-INF/spring.factories), and again when the application is ready, for the files H2 made on
 * its first start. Nothing to do for a server database or a non-POSIX file system.
 */
public class DataDirectoryPermissions implements EnvironmentPostProcessor, ApplicationListener<ApplicationReadyEvent> {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final String H2_FILE = "jdbc:h2:file:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path directory = h2Directory(environment.getProperty("spring.datasource.url"));
        if (directory != null) {
            secure(directory);
        }
    }

    /** Once more when the application is ready: H2 creates a new database's files (0644 by umask) after the first pass. */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        postProcessEnvironment(event.getApplicationContext().getEnvironment(), event.getSpringApplication());
    }

    /** The directory of an H2 file database URL, or null for any other database. */
    static Path h2Directory(String url) {
        if (url == null || !url.startsWith(H2_FILE)) {
            return null;
        }
        String file = url.substring(H2_FILE.length());
        int options = file.indexOf(';');
        Path path = Path.of(options < 0 ? file : file.substring(0, options).trim());
        Path parent = path.toAbsolutePath().getParent();
        return parent;
    }

    static void secure(Path directory) {
        try {
            if (!Files.exists(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            Files.setPosixFilePermissions(directory, DIRECTORY);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) {
                        Files.setPosixFilePermissions(f, FILE);
                    }
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows and the like: the directory's ACLs are the operator's business
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the database directory " + directory
                    + " readable by its owner only", e);
        }
    }
}
