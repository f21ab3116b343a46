package io.llmgate.model.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

/** The writer's contract, with latches instead of sleeps: the handler blocks until the test lets it go on. */
class BatchWriterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstBatchStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Records each batch; the first one waits for {@link #release}, so later items pile up in the queue. */
    private void gated(List<Integer> batch) throws InterruptedException {
        batches.add(List.copyOf(batch));
        firstBatchStarted.countDown();
        release.await();
    }

    private BatchWriter<Integer> writer(int capacity, int maxBatch, BatchWriter.Handler<Integer> handler) {
        return new BatchWriter<>("test", capacity, maxBatch, handler, BatchWriter.daemonThread("test-writer"),
                meters);
    }

    @Test
    void itemsQueuedDuringAWriteGoIntoTheNextBatchesOfAtMostMaxBatch() throws Exception {
        try (BatchWriter<Integer> writer = writer(100, 3, this::gated)) {
            writer.put(0);
            assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i <= 7; i++) {
                writer.put(i);
            }
            assertThat(writer.depth()).isEqualTo(7);
            release.countDown();
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
        assertThat(meters.get("llmgate.writer.written").tag("writer", "test").counter().count()).isEqualTo(8);
    }

    @Test
    void offerRefusesWhenFullWhilePutWaitsForRoom() throws Exception {
        try (BatchWriter<Integer> writer = writer(2, 10, this::gated)) {
            writer.put(0);
            assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.offer(1)).isTrue();
            assertThat(writer.offer(2)).isTrue();
            assertThat(writer.offer(3)).isFalse(); // full: the caller counts the drop
            CompletableFuture<Boolean> put = CompletableFuture.supplyAsync(() -> writer.put(4));
            assertThat(put).isNotDone();
            release.countDown();
            assertThat(put.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(batches.stream().flatMap(List::stream)).containsExactly(0, 1, 2, 4);
    }

    @Test
    void closeWritesWhatIsQueuedAndThenRefusesItems() throws Exception {
        BatchWriter<Integer> writer = writer(100, 100, this::gated);
        writer.put(0);
        assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        writer.put(1);
        writer.put(2);
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> writer.close(Duration.ofSeconds(10)));
        release.countDown();
        assertThat(closed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2));
        assertThat(writer.offer(3)).isFalse();
        assertThat(writer.put(3)).isFalse();
    }

    @Test
    void flushTimesOutWhileAWriteHangs() throws Exception {
        try (BatchWriter<Integer> writer = writer(100, 100, this::gated)) {
            writer.put(0);
            assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.flush(Duration.ofMillis(20))).isFalse();
            release.countDown();
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aFailedBatchIsCountedAndTheWriterGoesOn() throws Exception {
        List<Integer> written = new ArrayList<>();
        CompletableFuture<Void> committed = new CompletableFuture<>();
        try (BatchWriter<Integer> writer = writer(100, 100, batch -> {
            if (batch.contains(-1)) {
                throw new IllegalStateException("database refused the batch");
            }
            written.addAll(batch);
            committed.complete(null); // completes only after the write returned, as budget spend does
        })) {
            writer.put(-1);
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(committed).isNotDone();
            writer.put(5);
            committed.get(10, TimeUnit.SECONDS);
        }
        assertThat(written).containsExactly(5);
        assertThat(meters.get("llmgate.writer.failed").tag("writer", "test").counter().count()).isEqualTo(1);
    }
}
