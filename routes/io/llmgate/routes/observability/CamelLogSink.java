package io.llmgate.routes.observability;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.llmgate.model.logs.LogBodies;
import io.llmgate.model.logs.LogEntry;
import io.llmgate.model.logs.LogProperties;
import io.llmgate.model.logs.LogSink;

/**
 * Sends each log row, as one line of JSON, to the Camel endpoints listed in {@code gateway.logs.sink-uris} (a file,
 * Kafka, HTTP...). Rows go through a bounded SEDA queue so a slow sink never holds up the database writer; rows
 * the queue cannot take are counted in {@code llmgate.log.dropped{reason=sink_queue_full}}.
 */
@Component
public class CamelLogSink extends RouteBuilder implements LogSink {

    static final String QUEUE = "seda:llmgate-log-sink";


    private static final Logger LOG = LoggerFactory.getLogger(CamelLogSink.class);

    private final List<String> uris;
    private final String queue;
    private final ObjectMapper json;
    private final LogBodies bodies;
    private final Counter dropped;
    private final Counter failed;
    private final Counter sent;
    private volatile ProducerTemplate producer;

    public CamelLogSink(LogProperties properties, ObjectMapper json, LogBodies bodies, MeterRegistry registry) {
        this.uris = List.copyOf(properties.getSinkUris());
        // the same URI on both sides: the first endpoint created fixes the queue's size
        this.queue = QUEUE + "?size=" + Math.max(1, properties.getSinkQueueCapacity());
        this.json = json.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        this.bodies = bodies;
        this.dropped = Counter.builder("llmgate.log.dropped").tag("reason", "sink_queue_full").register(registry);
        this.failed = Counter.builder("llmgate.log.sink.failures").description("Rows a sink endpoint refused")
                .register(registry);
        this.sent = Counter.builder("llmgate.log.sink.sent").description("Rows delivered to the sink endpoints")
                .register(registry);
    }

    @Override
    public void configure() {
        if (uris.isEmpty()) {
            return;
        }
        onException(Exception.class).handled(true).process(e -> {
            failed.increment();
            LOG.warn("log sink failed: {}", e.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class)
                    .toString());
        });
        from(queue).routeId("log-sink")
                .process(e -> e.getMessage().setBody(line(e.getMessage().getBody(LogEntry.class))))
                .multicast().to(uris.toArray(String[]::new)).end()
                .process(e -> sent.increment());
    }

    @Override
    public boolean active() {
        return !uris.isEmpty();
    }

    @Override
    public void publish(List<LogEntry> batch) {
        // the writer calls only active sinks (active() above): with no URIs there is no route and no call
        ProducerTemplate p = producer();
        for (LogEntry entry : batch) {
            try {
                p.sendBody(queue, entry);
            } catch (RuntimeException e) {
                // the SEDA queue is full (it does not block): count, do not wait
                dropped.increment();
            }
        }
    }

    private ProducerTemplate producer() {
        ProducerTemplate p = producer;
        if (p == null) {
            CamelContext context = getContext();
            p = context.createProducerTemplate();
            producer = p;
        }
        return p;
    }

    String line(LogEntry entry) {
        ObjectNode node = json.valueToTree(entry);
        if (bodies.enabled()) {
            node.put("request_body", bodies.render(entry.requestBody()));
            node.put("response_body", bodies.render(entry.responseBody()));
        }
        return node + "\n";
    }
}
