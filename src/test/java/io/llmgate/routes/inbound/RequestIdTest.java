package io.llmgate.routes.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RequestIdTest {

    @Test
    void generatedIdsAreTimeOrderedHexWithARandomTail() {
        long t = 1_795_000_000_000L;
        String id = RequestParser.newRequestId(t);
        assertThat(id).matches("req_[0-9a-f]{24}").startsWith("req_" + String.format("%012x", t));
        assertThat(RequestParser.newRequestId(t + 1)).isGreaterThan(RequestParser.newRequestId(t));
        Set<String> sameMillisecond = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            sameMillisecond.add(RequestParser.newRequestId(t));
        }
        assertThat(sameMillisecond).hasSize(10_000);
    }
}
