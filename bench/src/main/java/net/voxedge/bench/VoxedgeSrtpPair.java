package net.voxedge.bench;

import net.voxedge.edge.srtp.SrtpContext;
import net.voxedge.edge.srtp.SrtpProfile;

/** {@link SrtpPair} over voxedge's own {@link SrtpContext}. */
final class VoxedgeSrtpPair implements SrtpPair {

    private final SrtpContext sender;
    private final SrtpContext receiver;

    VoxedgeSrtpPair(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this.sender = new SrtpContext(profile, masterKey, masterSalt);
        this.receiver = new SrtpContext(profile, masterKey, masterSalt);
    }

    @Override
    public int protect(byte[] buf, int len) {
        return sender.protectRtp(buf, 0, len);
    }

    @Override
    public int unprotect(byte[] buf, int len) {
        return receiver.unprotectRtp(buf, 0, len);
    }
}
