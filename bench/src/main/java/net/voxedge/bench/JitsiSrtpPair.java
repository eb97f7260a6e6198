package net.voxedge.bench;

import java.security.GeneralSecurityException;
import net.voxedge.edge.srtp.SrtpProfile;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * {@link SrtpPair} over jitsi-srtp (the SRTP stack of Jitsi Videobridge): one
 * {@link SrtpContextFactory} per direction, one {@link SrtpCryptoContext} per SSRC.
 *
 * <p>Left alone, jitsi times each AES provider at startup and keeps the fastest, which on a
 * shared machine flips between runs; {@link #useAesProvider} pins the choice instead. HMAC-SHA1
 * goes through jitsi's bundled OpenSSL binding whenever it loads, whatever the AES choice.
 */
final class JitsiSrtpPair implements SrtpPair {

    private final SrtpCryptoContext sender;
    private final SrtpCryptoContext receiver;
    private final MutableByteArrayBuffer packet = new MutableByteArrayBuffer();

    JitsiSrtpPair(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int ssrc) {
        SrtpPolicy policy = policy(profile);
        LoggerImpl logger = new LoggerImpl(JitsiSrtpPair.class.getName());
        try {
            sender = new SrtpContextFactory(true, masterKey, masterSalt, policy, policy, logger)
                    .deriveContext(ssrc, 0);
            receiver = new SrtpContextFactory(false, masterKey, masterSalt, policy, policy, logger)
                    .deriveContext(ssrc, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("jitsi-srtp cannot key " + profile, e);
        }
    }

    /**
     * Pins jitsi's AES provider for the whole JVM: {@code "OpenSSL"} (its JNI binding to
     * libcrypto, what Jitsi Videobridge runs with) or {@code "SunJCE"} (the JDK's, as ours uses).
     */
    static void useAesProvider(String name) {
        Aes.setFactoryClassName(name);
    }

    private static SrtpPolicy policy(SrtpProfile profile) {
        return switch (profile) {
            case AES128_CM_HMAC_SHA1_80, AES128_CM_HMAC_SHA1_32 -> new SrtpPolicy(
                    SrtpPolicy.AESCM_ENCRYPTION, profile.masterKeyLength(),
                    SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, profile.rtpAuthTagLength(), profile.masterSaltLength());
            case AEAD_AES_128_GCM, AEAD_AES_256_GCM -> new SrtpPolicy(
                    SrtpPolicy.AESGCM_ENCRYPTION, profile.masterKeyLength(),
                    SrtpPolicy.NULL_AUTHENTICATION, 0, profile.rtpAuthTagLength(), profile.masterSaltLength());
        };
    }

    @Override
    public int protect(byte[] buf, int len) {
        try {
            SrtpErrorStatus status = sender.transformPacket(packet.wrap(buf, 0, len));
            return status == SrtpErrorStatus.OK && packet.getBuffer() == buf ? packet.getLength() : -1;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    @Override
    public int unprotect(byte[] buf, int len) {
        try {
            SrtpErrorStatus status = receiver.reverseTransformPacket(packet.wrap(buf, 0, len), false);
            return status == SrtpErrorStatus.OK ? packet.getLength() : -1;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }
}
