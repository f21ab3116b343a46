package io.llmgate.bench;

import io.llmgate.support.FakeProvider;

/**
 * The fake OpenAI provider of the load test, in a JVM of its own so the gateway's CPU time is the gateway's alone.
 * Prints {@code READY <base URL>}. Run with {@code -Dsun.net.httpserver.nodelay=true}.
 */
public final class FakeProviderMain {

    public static void main(String[] args) throws InterruptedException {
        FakeProvider openai = new FakeProvider("openai");
        openai.always(FakeProvider.json(200, GatewayUnderLoad.COMPLETION));
        System.out.println("READY " + openai.baseUrl());
        Thread.currentThread().join();
    }

    private FakeProviderMain() {
    }
}
