package io.llmgate.support;

import java.util.List;

/** OpenAI-shaped bodies the tests and benchmarks send and have the fake provider answer. */
public final class ChatJson {

    private ChatJson() {
    }

    /** A chat completion request saying "Hi". */
    public static String chat(String model, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    /** The same, streamed. */
    public static String streamedChat(String model, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    /** A test-model answer "ok" reporting this usage. */
    public static String completion(long prompt, long completion) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"test-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":"
                + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    /** A test-model stream "Hel", then the finish, a usage chunk with these counts and [DONE]. */
    public static FakeProvider.Responder streamWithUsage(long prompt, long completion) {
        return FakeProvider.stream("text/event-stream", List.of(
                FakeProvider.Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},"
                        + "\"finish_reason\":null}]}"),
                FakeProvider.Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"),
                FakeProvider.Frame.sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"test-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                        + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}"),
                FakeProvider.Frame.sse("[DONE]")));
    }
}
