package net.voxedge.devnet;

/** The dev network could not start; the message says what to do about it. */
public final class DevNetworkException extends Exception {
    public DevNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
