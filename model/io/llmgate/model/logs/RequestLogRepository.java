package io.llmgate.model.logs;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface RequestLogRepository extends JpaRepository<RequestLog, String> {

    List<RequestLog> findByRequestIdOrderByCreatedAtDesc(String requestId);
}
