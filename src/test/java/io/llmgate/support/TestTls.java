package io.llmgate.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates for HTTPS fake providers, made with the JDK's keytool when tests start: one valid for 127.0.0.1,
 * one for another host name, both in a trust store the gateway is configured with.
 */
public final class TestTls {

    static final String PASSWORD = "changeit";
    static final Path DIR = Path.of("target", "test-tls");
    public static final Path TRUST_STORE = DIR.resolve("trust.p12");

    private TestTls() {
    }

    static synchronized void ensure() {
        if (Files.exists(TRUST_STORE)) {
            return;
        }
        try {
            Files.createDirectories(DIR);
            for (String[] cert : new String[][] {{"loopback", "ip:127.0.0.1,dns:localhost"}, {"wrong", "dns:wrong.example"}}) {
                Path store = DIR.resolve(cert[0] + ".p12");
                Files.deleteIfExists(store);
                keytool("-genkeypair", "-alias", cert[0], "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=" + cert[0], "-ext", "SAN=" + cert[1], "-validity", "2",
                        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
                Path cer = DIR.resolve(cert[0] + ".cer");
                keytool("-exportcert", "-alias", cert[0], "-keystore", store.toString(), "-storepass", PASSWORD,
                        "-file", cer.toString());
                keytool("-importcert", "-noprompt", "-alias", cert[0], "-file", cer.toString(),
                        "-keystore", DIR.resolve("trust.tmp.p12").toString(), "-storetype", "PKCS12",
                        "-storepass", PASSWORD);
            }
            Files.move(DIR.resolve("trust.tmp.p12"), TRUST_STORE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server side TLS for a fake provider: {@code loopback} (valid for 127.0.0.1) or {@code wrong}. */
    public static SSLContext server(String which) {
        ensure();
        try (InputStream in = Files.newInputStream(DIR.resolve(which + ".p12"))) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("keytool failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
