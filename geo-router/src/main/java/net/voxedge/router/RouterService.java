package net.voxedge.router;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.LongSupplier;
import net.voxedge.router.geo.GeoLocation;
import net.voxedge.router.geo.GeoLocator;
import net.voxedge.router.measured.MeasuredRttTable;
import net.voxedge.router.net.PrefixKeys;
import net.voxedge.router.scoring.PopScorer;
import net.voxedge.router.scoring.RouteDecision;

/**
 * The router as one object: GeoIP, the scorer and the measured-RTT table behind a clock. The
 * HTTP layer and the accuracy report call this; it is the only place that reads the clock and
 * the only writer of the table (under its lock, so it is thread-safe).
 */
public final class RouterService {

    private final GeoLocator locator;
    private final PopScorer scorer;
    private final MeasuredRttTable measured;
    private final LongSupplier nanoClock;

    /**
     * @param nanoClock a monotonic clock ({@code System::nanoTime} in production; tests drive one by hand)
     */
    public RouterService(GeoLocator locator, PopScorer scorer, LongSupplier nanoClock) {
        this.locator = locator;
        this.scorer = scorer;
        this.measured = scorer.measured();
        this.nanoClock = nanoClock;
    }

    /**
     * Routes the client whose address is {@code addr[0, len)} (4 or 16 bytes).
     *
     * @param arrivalPop index of the PoP the request arrived at, or -1
     */
    public RouteDecision route(byte[] addr, int len, int arrivalPop) {
        GeoLocation location = locate(addr, len);
        long prefix = PrefixKeys.of(addr, len);
        long now = nanoClock.getAsLong();
        synchronized (measured) {
            return scorer.route(location, prefix, arrivalPop, now);
        }
    }

    /** GeoIP's answer for an address of 4 or 16 bytes. */
    public GeoLocation locate(byte[] addr, int len) {
        InetAddress address;
        try {
            address = InetAddress.getByAddress(len == addr.length ? addr : java.util.Arrays.copyOf(addr, len));
        } catch (UnknownHostException e) {
            return GeoLocation.FAILED; // only for lengths other than 4 and 16, which callers never pass
        }
        return locator.locate(address);
    }

    /**
     * Records an RTT sample an edge measured (STUN or RTCP) between a client and one of its PoPs.
     *
     * @return false if the sample, address or PoP index is invalid (nothing recorded)
     */
    public boolean recordRtt(byte[] addr, int len, int popIndex, double rttMs) {
        long prefix = PrefixKeys.of(addr, len);
        long now = nanoClock.getAsLong();
        synchronized (measured) {
            return measured.record(prefix, popIndex, rttMs, now);
        }
    }

    /** Drops measured entries past the horizon; returns how many (call it every minute or so). */
    public int sweep() {
        long now = nanoClock.getAsLong();
        synchronized (measured) {
            return measured.sweep(now);
        }
    }

    /** Entries in the measured table. */
    public int measuredEntries() {
        synchronized (measured) {
            return measured.size();
        }
    }

    public PopScorer scorer() {
        return scorer;
    }
}
