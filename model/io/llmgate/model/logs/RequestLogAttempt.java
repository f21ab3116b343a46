package io.llmgate.model.logs;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** One attempt of a logged request, linked to its {@link RequestLog} by {@code logId} (and {@code requestId}). */
@Entity
@Immutable
@Table(name = "request_log_attempt")
@IdClass(RequestLogAttempt.Key.class)
public class RequestLogAttempt {

    public record Key(String logId, int attemptIndex) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id @Column(name = "log_id") private String logId;
    @Id @Column(name = "attempt_index") private int attemptIndex;
    @Column(name = "request_id") private String requestId;
    @Column(name = "created_at") private Instant createdAt;
    @Column(name = "option_path") private String optionPath;
    private String provider;
    private String model;
    private int status;
    private String outcome;
    @Column(name = "error_type") private String errorType;
    @Column(name = "error_message") private String errorMessage;
    @Column(name = "latency_ms") private double latencyMs;

    protected RequestLogAttempt() {
    }

    public String getLogId() { return logId; }
    public int getAttemptIndex() { return attemptIndex; }
    public String getRequestId() { return requestId; }
    public Instant getCreatedAt() { return createdAt; }
    public String getOptionPath() { return optionPath; }
    public String getProvider() { return provider; }
    public String getModel() { return model; }
    public int getStatus() { return status; }
    public String getOutcome() { return outcome; }
    public String getErrorType() { return errorType; }
    public String getErrorMessage() { return errorMessage; }
    public double getLatencyMs() { return latencyMs; }
}
