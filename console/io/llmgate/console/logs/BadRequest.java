package io.llmgate.console.logs;

/** Invalid input to the admin API: answered with 400 and the message. */
public class BadRequest extends RuntimeException {

    private final String param;

    public BadRequest(String param, String message) {
        super(message, null, false, false);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
