package net.voxedge.edge.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The master keys and salts of one DTLS-SRTP association, split into the half we protect
 * outgoing packets with ("local") and the half we verify incoming packets with ("remote").
 *
 * <p>RFC 5764 §4.2: the DTLS exporter (label {@code "EXTRACTOR-dtls_srtp"}, no context) yields
 * {@code client_write_key | server_write_key | client_write_salt | server_write_salt}. The DTLS
 * client protects with the client half, so whoever is the DTLS server sends with the server half.
 * Getting this backwards is the classic DTLS-SRTP bug: every packet then fails authentication.
 *
 * <p>Accessors return copies; instances are immutable.
 */
public final class SrtpKeyMaterial {

    private final SrtpProfile profile;
    private final byte[] localMasterKey;
    private final byte[] localMasterSalt;
    private final byte[] remoteMasterKey;
    private final byte[] remoteMasterSalt;

    private SrtpKeyMaterial(SrtpProfile profile, byte[] localMasterKey, byte[] localMasterSalt,
                            byte[] remoteMasterKey, byte[] remoteMasterSalt) {
        this.profile = profile;
        this.localMasterKey = localMasterKey;
        this.localMasterSalt = localMasterSalt;
        this.remoteMasterKey = remoteMasterKey;
        this.remoteMasterSalt = remoteMasterSalt;
    }

    /**
     * Splits exported keying material.
     *
     * @param profile           the negotiated protection profile
     * @param material          exactly {@link SrtpProfile#keyingMaterialLength()} exported bytes
     * @param localIsDtlsServer true when this side played the DTLS server role (our answers carry
     *                          {@code a=setup:passive}, so normally true for the edge)
     * @throws IllegalArgumentException if {@code material} has the wrong length
     */
    public static SrtpKeyMaterial fromDtlsExport(SrtpProfile profile, byte[] material,
                                                 boolean localIsDtlsServer) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(material, "material");
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("DTLS-SRTP keying material for " + profile + " must be "
                    + profile.keyingMaterialLength() + " bytes, got " + material.length);
        }
        int k = profile.masterKeyLength();
        int s = profile.masterSaltLength();
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return localIsDtlsServer
                ? new SrtpKeyMaterial(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpKeyMaterial(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /** The negotiated profile. */
    public SrtpProfile profile() {
        return profile;
    }

    /** Master key for packets we send. */
    public byte[] localMasterKey() {
        return localMasterKey.clone();
    }

    /** Master salt for packets we send. */
    public byte[] localMasterSalt() {
        return localMasterSalt.clone();
    }

    /** Master key for packets we receive. */
    public byte[] remoteMasterKey() {
        return remoteMasterKey.clone();
    }

    /** Master salt for packets we receive. */
    public byte[] remoteMasterSalt() {
        return remoteMasterSalt.clone();
    }

    /** Never prints key bytes: this object ends up in logs sooner or later. */
    @Override
    public String toString() {
        return "SrtpKeyMaterial[" + profile + "]";
    }
}
