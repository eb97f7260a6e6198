package net.voxedge.backbone.tunnel;

/** Well-known control types (PROTOCOL.md, "Control messages"); 0 is reserved, other values are free. */
public final class ControlType {
    /** Edge → cluster: a session starts; payload is the session configuration (UTF-8 JSON). */
    public static final int OPEN = 1;
    /** Either way: the session ended; payload is an optional UTF-8 reason. */
    public static final int CLOSE = 2;
    /** Edge → cluster: barge-in; payload is {@link CancelPayload}. */
    public static final int CANCEL = 3;

    private ControlType() {
    }
}
