package net.voxedge.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import net.voxedge.edge.ice.BindingVerdict;
import net.voxedge.edge.ice.IceLiteConfig;
import net.voxedge.edge.ice.IceLiteSession;
import net.voxedge.edge.session.EdgeSession;
import net.voxedge.edge.session.SessionRegistry;
import net.voxedge.edge.stun.StunMessage;
import net.voxedge.edge.stun.StunMessageWriter;
import net.voxedge.edge.stun.StunParseResult;
import net.voxedge.edge.token.RoutingKeys;
import net.voxedge.edge.token.RoutingToken;
import net.voxedge.edge.token.RoutingTokenCodec;
import net.voxedge.edge.token.TokenVerdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A browser's ICE connectivity check through the sans-IO cores, step by step, so the table shows
 * where the time goes. The request is what Chromium sends an ICE-lite peer: USERNAME = the edge's
 * ufrag (a routing token minted by the real {@code SessionManager} for a real session) + ':' +
 * the browser's ufrag, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT
 * (116 bytes).
 *
 * <ul>
 *   <li>{@code parse}: {@link StunMessage#parse} alone (FINGERPRINT and MESSAGE-INTEGRITY are
 *       located, not checked).</li>
 *   <li>{@code verifyToken}: {@link RoutingTokenCodec#verify} of the ufrag (base64 decode,
 *       HMAC-SHA256).</li>
 *   <li>{@code lookup}: {@link SessionRegistry#byId} of the token's session id, among
 *       {@value #CALLS} live sessions.</li>
 *   <li>{@code iceCheck}: {@link IceLiteSession#onBindingRequest} on the parsed request
 *       (USERNAME, FINGERPRINT CRC-32, MESSAGE-INTEGRITY HMAC-SHA1, address slot, nomination).</li>
 *   <li>{@code respond}: {@link StunMessageWriter#writeBindingSuccess} (XOR-MAPPED-ADDRESS,
 *       MESSAGE-INTEGRITY HMAC-SHA1, FINGERPRINT), taking the address bytes the way the worker does.</li>
 *   <li>{@code chain}: all of it in the worker's order, for a request from a new address (the
 *       first-contact path, routed by the token). The parts need not add up exactly: caches,
 *       inlining and the shared HMAC state differ between a part alone and the chain.</li>
 * </ul>
 *
 * <p>The ICE agent is a standalone {@link IceLiteSession} with the call's credentials: the
 * session object found in the registry keeps its own agent package-private. The worker's
 * metering and hand-off are in {@code WorkerPathBenchmark}, not here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class StunPathBenchmark {

    /** Live sessions in the registry (the measured one among them). */
    static final int CALLS = 1000;

    private ConnectedCall c;
    private SessionRegistry registry;
    private byte[] request;
    private int usernameOffset;
    private int ufragLength;
    private long sessionId;
    private final InetSocketAddress from = ConnectedCall.address(new byte[] {(byte) 203, 0, 113, 8}, 50_001);
    private final StunMessage stun = new StunMessage();
    private final StunMessage parsed = new StunMessage();
    private final RoutingTokenCodec tokens = new RoutingTokenCodec(RoutingKeys.of(0, BenchEdge.ROUTING_SECRET));
    private final RoutingToken token = new RoutingToken();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final byte[] out = new byte[StunMessage.MAX_DATAGRAM_LENGTH];
    private IceLiteSession ice;
    private int failures;

    @Setup(Level.Trial)
    public void setUp() {
        c = new ConnectedCall(CALLS - 1);
        c.edge.park();
        registry = c.edge.manager.registry();
        request = c.peer.bindingRequest(c.call, true);
        ice = new IceLiteSession(c.call.iceUfrag(), c.call.icePwd(), c.peer.iceUfrag, c.peer.icePwd,
                IceLiteConfig.DEFAULTS, System.nanoTime());
        if (parsed.parse(request, 0, request.length) != StunParseResult.OK) {
            throw new IllegalStateException("the request does not parse");
        }
        usernameOffset = parsed.usernameOffset();
        ufragLength = parsed.usernameColonOffset() - usernameOffset;
        if (tokens.verify(request, usernameOffset, ufragLength, System.currentTimeMillis() / 1000, token) != TokenVerdict.OK) {
            throw new IllegalStateException("the edge's ufrag is not a token under the bench key");
        }
        sessionId = token.sessionId();
        if (ice.onBindingRequest(parsed, request, 0, request.length, from, System.nanoTime()) != BindingVerdict.ACCEPTED_NOMINATED
                || chain() <= 0 || registry.size() != CALLS) {
            throw new IllegalStateException("the request is not accepted end to end");
        }
    }

    @TearDown(Level.Iteration)
    public void checkNoFailures() {
        if (failures != 0) {
            throw new IllegalStateException(failures + " operations failed: the numbers are void");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        c.close();
    }

    @Benchmark
    public StunParseResult parse() {
        StunParseResult r = stun.parse(request, 0, request.length);
        if (r != StunParseResult.OK) {
            failures++;
        }
        return r;
    }

    @Benchmark
    public TokenVerdict verifyToken() {
        TokenVerdict v = tokens.verify(request, usernameOffset, ufragLength, System.currentTimeMillis() / 1000, token);
        if (v != TokenVerdict.OK) {
            failures++;
        }
        return v;
    }

    @Benchmark
    public EdgeSession lookup() {
        EdgeSession s = registry.byId(sessionId);
        if (s == null) {
            failures++;
        }
        return s;
    }

    @Benchmark
    public BindingVerdict iceCheck() {
        BindingVerdict v = ice.onBindingRequest(parsed, request, 0, request.length, from, System.nanoTime());
        if (!v.accepted()) {
            failures++;
        }
        return v;
    }

    @Benchmark
    public int respond() {
        int n = writer.writeBindingSuccess(out, 0, parsed, from.getAddress().getAddress(), from.getPort(),
                ice.responseIntegrity());
        if (n <= 0) {
            failures++;
        }
        return n;
    }

    /** What the worker does with a check from a new address, minus metering and hand-off. */
    @Benchmark
    public int chain() {
        if (stun.parse(request, 0, request.length) != StunParseResult.OK || !stun.isBindingRequest()
                || !stun.hasUsername() || stun.usernameColonOffset() < 0) {
            failures++;
            return -1;
        }
        int ufragLen = stun.usernameColonOffset() - stun.usernameOffset();
        if (tokens.verify(request, stun.usernameOffset(), ufragLen, System.currentTimeMillis() / 1000, token)
                != TokenVerdict.OK) {
            failures++;
            return -2;
        }
        EdgeSession s = registry.byId(token.sessionId());
        if (s == null) {
            failures++;
            return -3;
        }
        BindingVerdict v = ice.onBindingRequest(stun, request, 0, request.length, from, System.nanoTime());
        if (!v.accepted()) {
            failures++;
            return -4;
        }
        return writer.writeBindingSuccess(out, 0, stun, from.getAddress().getAddress(), from.getPort(),
                ice.responseIntegrity());
    }
}
