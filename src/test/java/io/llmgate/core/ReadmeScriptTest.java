package io.llmgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.llmgate.support.FakeProvider;
import io.llmgate.support.InProcessGateway;

/**
 * The README's "First keys" and "Calling it" blocks (marked {@code <!-- doc-test: ... -->}) run with bash, curl and
 * jq, as a user would paste them, against a fresh gateway whose OpenAI and Anthropic base URLs point at a fake
 * provider: every call must answer 2xx and the variables must hold real ids, so the README cannot drift from the
 * admin API or the gateway again. Only the hosts are substituted ({@code localhost:8787} / {@code :8788} → the test's
 * ports). Skipped, saying so, where bash, curl or jq are missing ({@code .ci/run} installs them).
 */
class ReadmeScriptTest {

    static final String ADMIN_KEY = "lga-readme01-" + "R".repeat(40);
    static final FakeProvider PROVIDER = new FakeProvider("readme");
    static InProcessGateway gateway;

    /** What the script's curl calls answered: {@code HTTP <code>} lines on stderr, one per call. */
    static final Pattern STATUS = Pattern.compile("(?m)^HTTP (\\d{3})$");

    record Run(int exit, String stdout, String stderr) {
    }

    @BeforeAll
    static void start() {
        for (String tool : List.of("bash", "curl", "jq")) {
            assumeTrue(onPath(tool), "ReadmeScriptTest skipped: '" + tool + "' is not installed (apt-get install "
                    + tool + "); the README's shell blocks are not checked");
        }
        PROVIDER.always(ReadmeScriptTest::answer);
        gateway = InProcessGateway.start(Map.of(
                "gateway.bootstrap.admin-api-key", ADMIN_KEY,
                "gateway.provider-base-urls.openai", PROVIDER.baseUrl() + "/v1",
                "gateway.provider-base-urls.anthropic", PROVIDER.baseUrl() + "/v1",
                "gateway.request-timeout", "10s"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void firstKeysAndCallingItRunAsWritten() throws Exception {
        String firstKeys = block("first-keys");
        String callingIt = block("calling-it");
        Run run = bash(firstKeys + "\necho; echo \"README_VARS WS=$WS VK=$VK KEY=$KEY\"\n" + callingIt);

        assertThat(run.exit()).as("exit status; stderr:%n%s%nstdout:%n%s", run.stderr(), run.stdout()).isZero();
        List<String> statuses = STATUS.matcher(run.stderr()).results().map(m -> m.group(1)).toList();
        assertThat(statuses).as("one answer per curl call; stderr:%n%s", run.stderr())
                .hasSize(curlCalls(firstKeys) + curlCalls(callingIt))
                .allMatch(s -> s.startsWith("2"), "2xx");

        Matcher vars = Pattern.compile("README_VARS WS=(\\S+) VK=(\\S+) KEY=(\\S+)").matcher(run.stdout());
        assertThat(vars.find()).as(run.stdout()).isTrue();
        assertThat(List.of(vars.group(1), vars.group(2), vars.group(3))).doesNotContain("null");
        assertThat(vars.group(3)).startsWith("lg-");

        String out = run.stdout();
        assertThat(out).contains("\"content\":\"Hello from the fake\"")   // the chat call
                .contains("data: [DONE]")                                     // streamed
                .contains("\"text-embedding-3-small\"")                      // the model list
                .contains("\"embedding\":[0.1,0.2]")
                .contains("{\"status\":\"UP\"}");
        // the virtual key's secret went to OpenAI, the client's own key to Anthropic (Portkey style and fallback)
        assertThat(PROVIDER.received()).anyMatch(r -> r.path().equals("/v1/chat/completions")
                && "Bearer sk-readme-openai".equals(r.header("authorization")));
        assertThat(PROVIDER.received()).anyMatch(r -> r.path().equals("/v1/messages")
                && "sk-ant-readme".equals(r.header("x-api-key")));
        assertThat(PROVIDER.received()).anyMatch(r -> r.path().equals("/v1/models"));
    }

    /** The harness can fail: a README whose jq path reads a field the admin API does not have stops at that step. */
    @Test
    void aBrokenFirstKeysBlockFailsLoudly() throws Exception {
        String broken = block("first-keys").replace(".data[0].id", ".data[0].workspace_id");
        assertThat(broken).isNotEqualTo(block("first-keys"));
        Run run = bash(broken + "\necho REACHED_THE_END\n");
        assertThat(run.exit()).as(run.stderr()).isNotZero();
        assertThat(run.stdout()).doesNotContain("REACHED_THE_END");

        Run noKey = bash(block("first-keys").replace("${LLMGATE_ADMIN_API_KEY:?", "${LLMGATE_ADMIN_API_KEY_UNSET:?")
                + "\necho REACHED_THE_END\n");
        assertThat(noKey.exit()).isNotZero();
        assertThat(noKey.stderr()).contains("export the admin API key");
    }

    /** The shell block after {@code <!-- doc-test: name} in the README, hosts pointed at the test's gateway. */
    static String block(String name) throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf("<!-- doc-test: " + name);
        assertThat(marker).as("README marker <!-- doc-test: %s", name).isNotNegative();
        int start = readme.indexOf("```bash\n", marker);
        int end = readme.indexOf("\n```", start + 8);
        assertThat(start).as("a ```bash block after the marker %s", name).isPositive();
        String block = readme.substring(start + 8, end + 1);
        assertThat(block).as("the block %s names the README's hosts", name).containsAnyOf("localhost:8787",
                "localhost:8788");
        return block.replace("localhost:8787", "127.0.0.1:" + gateway.gatewayPort())
                .replace("localhost:8788", "127.0.0.1:" + gateway.adminPort());
    }

    static int curlCalls(String block) {
        return (int) Pattern.compile("(?m)(^|\\$\\()curl ").matcher(block).results().count();
    }

    /**
     * Runs the script with {@code set -euo pipefail}, as the README advises for scripts; curl is wrapped to report
     * each call's status on stderr (the blocks' own calls without {@code -f} would exit 0 on a 4xx).
     */
    static Run bash(String script) throws Exception {
        String full = "set -euo pipefail\n"
                + "curl() { command curl -sS -w '%{stderr}\\nHTTP %{http_code}\\n' \"$@\"; }\n" + script;
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", full);
        Map<String, String> env = pb.environment();
        // nothing may go through a proxy, or leave loopback
        for (String proxy : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy")) {
            env.remove(proxy);
        }
        env.put("LLMGATE_ADMIN_API_KEY", ADMIN_KEY);
        env.put("OPENAI_API_KEY", "sk-readme-openai");
        env.put("ANTHROPIC_API_KEY", "sk-ant-readme");
        File out = File.createTempFile("readme", ".out");
        File err = File.createTempFile("readme", ".err");
        try {
            Process p = pb.redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the README script did not finish in 60 s: " + Files.readString(err.toPath()));
            }
            return new Run(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
        } finally {
            out.delete();
            err.delete();
        }
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    /** OpenAI's and Anthropic's answers to what the README calls. */
    static void answer(com.sun.net.httpserver.HttpExchange ex) throws Exception {
        String path = ex.getRequestURI().getPath();
        boolean stream = PROVIDER.last().body().contains("\"stream\":true");
        FakeProvider.Responder r = switch (path) {
            case "/v1/chat/completions" -> stream ? FakeProvider.stream("text/event-stream", List.of(
                    FakeProvider.Frame.sse("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                            + "\"content\":\"1 2 3 4 5\"},\"finish_reason\":null}]}"),
                    FakeProvider.Frame.sse("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},"
                            + "\"finish_reason\":\"stop\"}]}"),
                    FakeProvider.Frame.sse("[DONE]")))
                    : FakeProvider.json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
                            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                            + "\"content\":\"Hello from the fake\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");
            case "/v1/messages" -> FakeProvider.json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hello from Claude\"}],"
                    + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}");
            case "/v1/embeddings" -> FakeProvider.json(200, "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\","
                    + "\"index\":0,\"embedding\":[0.1,0.2]}],\"model\":\"text-embedding-3-small\","
                    + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}");
            case "/v1/models" -> FakeProvider.openAiModels("gpt-4o-mini", "text-embedding-3-small");
            default -> FakeProvider.json(404, "{\"error\":{\"message\":\"readme fake: nothing at " + path + "\"}}");
        };
        r.respond(ex);
    }
}
