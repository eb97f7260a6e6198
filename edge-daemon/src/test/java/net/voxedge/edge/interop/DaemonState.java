package net.voxedge.edge.interop;

/**
 * What an in-process edge daemon holds at one moment: live sessions by its metrics, sessions in its registry,
 * and client addresses bound to sessions. All three are zero once every call has been freed.
 */
public record DaemonState(int sessionsActive, int registered, int boundAddresses) {

    /** True when nothing of any call is left. */
    public boolean isEmpty() {
        return sessionsActive == 0 && registered == 0 && boundAddresses == 0;
    }
}
