package net.voxedge.backbone.gateway;

/** A gateway configuration a person must fix; the message names the key, where it was written and the problem. */
public final class GatewayConfigException extends RuntimeException {
    /** With a message naming key and problem. */
    public GatewayConfigException(String message) {
        super(message);
    }
}
