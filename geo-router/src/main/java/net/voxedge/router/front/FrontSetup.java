package net.voxedge.router.front;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.voxedge.router.RouterConfigException;
import net.voxedge.topology.Pop;
import net.voxedge.topology.Topology;

/**
 * The front's settings checked against the topology: its own PoP, where each PoP's edge takes
 * forwarded requests, and the two keys read from where the topology says they live.
 *
 * @param edgeBases   PoP name → the edge's base URL ({@code front.edges} override, else the scheme
 *                    and authority of the PoP's {@code signaling-url}); the internal API is under it
 * @param authKey     the key clients' bearer tokens are signed with
 * @param internalKey the key front-to-edge tokens are signed with
 */
public record FrontSetup(FrontConfig config, Pop pop, Map<String, URI> edgeBases, byte[] authKey, byte[] internalKey) {

    public FrontSetup {
        edgeBases = Map.copyOf(edgeBases);
    }

    /**
     * @param env the environment for keys the topology keeps in variables
     * @throws RouterConfigException naming every problem: an unknown PoP, a missing or short key, ...
     */
    public static FrontSetup resolve(FrontConfig config, Topology topology, Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        String known = String.join(", ", topology.pops().stream().map(Pop::name).toList());
        Pop own = topology.pop(config.pop()).orElse(null);
        if (own == null) {
            problems.add("front.pop: unknown PoP '" + config.pop() + "' (the topology's PoPs: " + known + ")");
        }
        for (String name : config.edgeOverrides().keySet()) {
            if (topology.pop(name).isEmpty()) {
                problems.add(FrontConfig.EDGES_PREFIX + name + ": unknown PoP '" + name + "' (the topology's PoPs: " + known + ")");
            }
        }
        Map<String, URI> bases = new LinkedHashMap<>();
        for (Pop p : topology.pops()) {
            URI override = config.edgeOverrides().get(p.name());
            URI u = p.signalingUrl();
            bases.put(p.name(), override != null ? override : URI.create(u.getScheme() + "://" + u.getRawAuthority()));
        }
        KeySecrets secrets = new KeySecrets(topology, env);
        byte[] auth = secrets.read("front.auth-key", config.authKeyName(), problems);
        byte[] internal = secrets.read("front.internal-key", config.internalKeyName(), problems);
        if (auth != null && internal != null && Arrays.equals(auth, internal)) {
            problems.add("front.internal-key: key '" + config.internalKeyName() + "' holds the same secret as '"
                    + config.authKeyName() + "': a client's token would pass as a front's");
        }
        if (!problems.isEmpty()) {
            throw new RouterConfigException("signaling front: " + String.join("; ", problems));
        }
        return new FrontSetup(config, own, bases, auth, internal);
    }
}
