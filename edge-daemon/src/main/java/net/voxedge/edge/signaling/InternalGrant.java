package net.voxedge.edge.signaling;

import java.util.List;
import net.voxedge.edge.sdp.HostCandidate;

/**
 * What a signaling front vouches for when it forwards a client's offer (the internal token's
 * claims, checked by {@link InternalAuth}).
 *
 * @param subject          the client's identity, as the front verified it from the client's own token
 * @param clientIp         the client's address as the front saw it (for logs and, later, RTT samples)
 * @param cluster          the inference cluster the router chose
 * @param reason           why the router chose this PoP, in words (logged)
 * @param backupPop        the backup PoP's name, or null when the router had none
 * @param backupCandidates the backup PoP's media addresses as lower-priority host candidates (may be empty)
 */
public record InternalGrant(String subject, String clientIp, String cluster, String reason, String backupPop,
                            List<HostCandidate> backupCandidates) {

    public InternalGrant {
        backupCandidates = List.copyOf(backupCandidates);
    }
}
