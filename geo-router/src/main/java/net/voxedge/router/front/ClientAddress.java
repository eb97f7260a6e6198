package net.voxedge.router.front;

/**
 * Whom a request comes from, as the front decided ({@link ClientAddressResolver}).
 *
 * @param addr    the address bytes, network order ({@code len} of them are used)
 * @param len     4 or 16
 * @param source  whether it is the TCP peer or came from {@code X-Forwarded-For}
 * @param ignored why a trusted proxy's {@code X-Forwarded-For} was not used, or {@link ForwardedForProblem#NONE}
 */
public record ClientAddress(byte[] addr, int len, Source source, ForwardedForProblem ignored) {

    /** Where the address comes from. */
    public enum Source { PEER, FORWARDED }

    /** The address as text (for logs and the internal token). */
    public String text() {
        try {
            return java.net.InetAddress.getByAddress(java.util.Arrays.copyOf(addr, len)).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "?"; // only for lengths other than 4 and 16, which the resolver never makes
        }
    }
}
