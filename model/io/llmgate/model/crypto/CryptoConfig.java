package io.llmgate.model.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import io.llmgate.model.governance.GovernanceProperties;

/**
 * Loads the master key (LLMGATE_MASTER_KEY, else gateway.master-key-file, else a generated development key file)
 * and checks it against the database before anything can encrypt or decrypt with it.
 */
@Configuration(proxyBeanMethods = false)
public class CryptoConfig {

    private static final Logger LOG = LoggerFactory.getLogger(CryptoConfig.class);
    static final String CHECK_PLAINTEXT = "llmgate master key check v1";
    static final String CHECK_AAD = "master_key_check:1";

    @Bean
    public MasterKey masterKey(GovernanceProperties properties) {
        String configured = properties.getMasterKey();
        if (configured != null && !configured.isBlank()) {
            return new MasterKey(decode(configured.trim(), "LLMGATE_MASTER_KEY / gateway.master-key"),
                    "LLMGATE_MASTER_KEY / gateway.master-key");
        }
        String file = properties.getMasterKeyFile();
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new MasterKeyException("gateway.master-key-file is set to " + path.toAbsolutePath()
                        + " but that file does not exist or cannot be read");
            }
            return new MasterKey(decode(read(path), "file " + path), "file " + path.toAbsolutePath());
        }
        Path dev = Path.of(properties.getDevMasterKeyFile());
        if (Files.isReadable(dev)) {
            LOG.warn("Using the DEVELOPMENT master key in {}: set LLMGATE_MASTER_KEY or gateway.master-key-file "
                    + "in production", dev.toAbsolutePath());
            return new MasterKey(decode(read(dev), "file " + dev), "development file " + dev.toAbsolutePath());
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        try {
            if (dev.getParent() != null) {
                Files.createDirectories(dev.getParent());
            }
            Files.writeString(dev, Base64.getEncoder().encodeToString(raw) + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(dev, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        } catch (IOException e) {
            throw new IllegalStateException("no master key configured and cannot write a development key to "
                    + dev.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        LOG.warn("""

                ************************************************************************************
                 NO MASTER KEY CONFIGURED: generated a DEVELOPMENT master key into
                   {}
                 Provider secrets are encrypted with it. Keep this file (losing it makes the stored
                 virtual keys unreadable) or set LLMGATE_MASTER_KEY / gateway.master-key-file.
                ************************************************************************************""",
                dev.toAbsolutePath());
        return new MasterKey(raw, "development file " + dev.toAbsolutePath());
    }

    @Bean
    public SecretCipher secretCipher(MasterKey masterKey, MasterKeyCheckRepository checks,
                                     TransactionTemplate transactions, Clock clock) {
        SecretCipher cipher = new SecretCipher(masterKey);
        transactions.executeWithoutResult(tx -> verify(cipher, checks, clock));
        return cipher;
    }

    static void verify(SecretCipher cipher, MasterKeyCheckRepository checks, Clock clock) {
        Optional<MasterKeyCheck> check = checks.findById(1);
        if (check.isEmpty()) {
            checks.save(new MasterKeyCheck(1, cipher.masterKey().id(), cipher.encrypt(CHECK_PLAINTEXT, CHECK_AAD),
                    clock.instant()));
            LOG.info("master key {} registered with this database", cipher.masterKey().id());
            return;
        }
        String plain;
        try {
            plain = cipher.decrypt(check.get().getCheckValue(), CHECK_AAD);
        } catch (SecretDecryptionException e) {
            plain = null;
        }
        if (!CHECK_PLAINTEXT.equals(plain)) {
            throw new MasterKeyException("The master key " + cipher.masterKey().id() + " (from "
                    + cipher.masterKey().source() + ") is not the key this database's secrets were encrypted with "
                    + "(key " + check.get().getKeyId() + "). llmgate refuses to start rather than read garbage.");
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new MasterKeyException("cannot read the master key file " + path.toAbsolutePath() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static byte[] decode(String base64, String source) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MasterKeyException("the master key from " + source + " is not valid base64; "
                    + "generate one with `openssl rand -base64 32`");
        }
    }
}
