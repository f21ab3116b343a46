package io.llmgate.routes.provider;

import java.net.URI;
import java.util.Map;

/** An HTTP request in the provider's own wire format, ready to send. */
public record UpstreamRequest(String method, URI uri, Map<String, String> headers, byte[] body) {

    @Override
    public String toString() {
        return method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
