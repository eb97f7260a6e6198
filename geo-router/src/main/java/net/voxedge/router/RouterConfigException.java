package net.voxedge.router;

/** The router's configuration cannot be used; the message names the setting and the problem. */
public final class RouterConfigException extends RuntimeException {

    public RouterConfigException(String message) {
        super(message);
    }

    public RouterConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
