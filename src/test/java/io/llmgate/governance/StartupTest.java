package io.llmgate.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.llmgate.GatewayApplication;
import io.llmgate.model.budget.BudgetEnforcer;
import io.llmgate.model.budget.BudgetExceededException;
import io.llmgate.model.budget.BudgetService;
import io.llmgate.model.crypto.MasterKeyException;
import io.llmgate.model.crypto.SecretValue;
import io.llmgate.model.governance.Actor;
import io.llmgate.model.governance.UsageSubject;
import io.llmgate.model.governance.VirtualKeyService;
import io.llmgate.model.governance.WorkspaceService;
import io.llmgate.support.GatewayTestSupport;
import io.llmgate.support.PostgresAvailable;
import io.llmgate.support.TestDatabase;

/**
 * Whole start-ups and restarts on one database (H2 in memory kept between contexts, or a PostgreSQL schema): the
 * master key check, development key generation, and spend that survives a restart.
 */
@ExtendWith(PostgresAvailable.class)
class StartupTest {

    /**
     * Each application started here installs its own security context holder strategy in the JVM-wide
     * SecurityContextHolder (Vaadin's security configuration does); the shared test contexts started before keep
     * theirs, so it is put back after each test.
     */
    private org.springframework.security.core.context.SecurityContextHolderStrategy strategyBefore;

    @org.junit.jupiter.api.BeforeEach
    void rememberSecurityStrategy() {
        strategyBefore = org.springframework.security.core.context.SecurityContextHolder.getContextHolderStrategy();
    }

    @org.junit.jupiter.api.AfterEach
    void restoreSecurityStrategy() {
        org.springframework.security.core.context.SecurityContextHolder.setContextHolderStrategy(strategyBefore);
    }

    static final String SCHEMA = "llmgate_gov_startup";
    static final String KEY_1 = Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY_2 = Base64.getEncoder().encodeToString(filled(32, (byte) 7));

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        TestDatabase.prepare(SCHEMA);
    }

    static byte[] filled(int n, byte b) {
        byte[] a = new byte[n];
        java.util.Arrays.fill(a, b);
        return a;
    }

    ConfigurableApplicationContext start(String db, String... extra) {
        List<String> props = new ArrayList<>(List.of(
                "gateway.host=127.0.0.1", "gateway.port=" + GatewayTestSupport.freePort(), "server.port=0",
                "camel.springboot.main-run-controller=false",
                "spring.datasource.url=" + (TestDatabase.postgres() ? TestDatabase.url(SCHEMA)
                        : "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1"),
                "spring.datasource.username=" + TestDatabase.user(), "spring.datasource.password=",
                "gateway.bootstrap.admin-password=startup-admin-password",
                "gateway.pricing.location=classpath:pricing-test.yml",
                "gateway.dev-master-key-file=" + dir.resolve("dev-master.key")));
        props.addAll(List.of(extra));
        // command-line arguments outrank application.yml (builder properties would only be defaults)
        return new SpringApplicationBuilder(GatewayApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    @Test
    void aWrongMasterKeyFailsStartUpWithAClearMessage() {
        String db = "startup_key_" + System.nanoTime();
        TestDatabase.prepare(SCHEMA);
        String vk;
        try (ConfigurableApplicationContext first = start(db, "gateway.master-key=" + KEY_1)) {
            Actor system = Actor.system("test");
            String ws = first.getBean(WorkspaceService.class).list(system).get(0).id();
            vk = first.getBean(VirtualKeyService.class).create(system, ws, new VirtualKeyService.VirtualKeySpec(
                    "k", "openai", SecretValue.of("sk-startup-secret"), null, null, null)).id();
        }
        assertThatThrownBy(() -> start(db, "gateway.master-key=" + KEY_2).close())
                .satisfies(e -> {
                    Throwable root = e;
                    while (!(root instanceof MasterKeyException) && root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertThat(root).isInstanceOf(MasterKeyException.class);
                    assertThat(root.getMessage()).contains("is not the key this database's secrets were encrypted with")
                            .doesNotContain(KEY_1).doesNotContain(KEY_2);
                });
        try (ConfigurableApplicationContext again = start(db, "gateway.master-key=" + KEY_1)) {
            assertThat(again.getBean(VirtualKeyService.class).credential(vk).orElseThrow().secret())
                    .isEqualTo("sk-startup-secret");
        }
    }

    @Test
    void malformedOrMissingMasterKeysFailWithAClearMessage() {
        String db = "startup_bad_" + System.nanoTime();
        TestDatabase.prepare(SCHEMA);
        assertThatThrownBy(() -> start(db, "gateway.master-key=" + Base64.getEncoder().encodeToString(new byte[16])))
                .hasRootCauseInstanceOf(MasterKeyException.class)
                .rootCause().hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> start(db, "gateway.master-key=not base64!"))
                .rootCause().hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> start(db, "gateway.master-key-file=" + dir.resolve("missing.key")))
                .rootCause().hasMessageContaining("does not exist");
    }

    @Test
    void aDevelopmentKeyIsGeneratedOnceAndReused() throws Exception {
        String db = "startup_dev_" + System.nanoTime();
        TestDatabase.prepare(SCHEMA);
        Path file = dir.resolve("dev-master.key");
        try (ConfigurableApplicationContext first = start(db)) {
            assertThat(file).exists();
            assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        String content = Files.readString(file);
        try (ConfigurableApplicationContext second = start(db)) {
            assertThat(Files.readString(file)).isEqualTo(content);
        }
    }

    @Test
    void spendSurvivesARestart() {
        String db = "startup_spend_" + System.nanoTime();
        TestDatabase.prepare(SCHEMA);
        Actor system = Actor.system("test");
        String ws;
        String budget;
        try (ConfigurableApplicationContext first = start(db, "gateway.master-key=" + KEY_1)) {
            ws = first.getBean(WorkspaceService.class).list(system).get(0).id();
            budget = first.getBean(BudgetService.class).create(system, ws, new BudgetService.BudgetSpec("restart",
                    "workspace", null, new BigDecimal("0.10"), null, "month", "calendar", null, null, null)).id();
            BudgetEnforcer enforcer = first.getBean(BudgetEnforcer.class);
            UsageSubject subject = new UsageSubject(ws, "key_a", null, null);
            BudgetEnforcer.Reservation r = enforcer.reserve(subject, "openai", "test-model", 10, 20);
            enforcer.settle(r, "openai", "test-model", 10, 20);   // $0.05; written in the background
        }   // closing flushes what is still queued
        try (ConfigurableApplicationContext second = start(db, "gateway.master-key=" + KEY_1)) {
            BudgetEnforcer.BudgetUsage usage = second.getBean(BudgetService.class).usage(system, budget);
            assertThat(usage.subjects().get(0).spentUsd()).isEqualByComparingTo("0.05");
            BudgetEnforcer enforcer = second.getBean(BudgetEnforcer.class);
            UsageSubject subject = new UsageSubject(ws, "key_b", null, null);
            enforcer.settle(enforcer.reserve(subject, "openai", "test-model", 10, 20), "openai", "test-model", 10, 20);
            assertThatThrownBy(() -> enforcer.reserve(subject, "openai", "test-model", 10, 20))
                    .isInstanceOf(BudgetExceededException.class).hasMessageContaining("'restart'");
        }
    }
}
