package io.llmgate.routes.upstream;

import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;

/** Receives one provider response as it arrives, on the connection's event loop. */
interface ResponseHandler {

    void onHeaders(int status, HttpHeaders headers);

    /** A piece of the body; the buffer is only valid during the call. */
    void onData(ByteBuffer data);

    void onEnd();

    /** The connection failed or closed before the response was complete. */
    void onError(Throwable failure);
}
