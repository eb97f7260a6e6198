package net.voxedge.edge.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpKeyMaterialTest {

    /** Exported bytes numbered 0, 1, 2, ... so each field's position is visible. */
    private static byte[] material(SrtpProfile profile) {
        byte[] m = new byte[profile.keyingMaterialLength()];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) i;
        }
        return m;
    }

    private static byte[] range(int from, int to) {
        byte[] r = new byte[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = (byte) (from + i);
        }
        return r;
    }

    @Test
    void serverSendsWithTheServerHalf() {
        // AES-CM: client_key 0..15 | server_key 16..31 | client_salt 32..45 | server_salt 46..59
        SrtpKeyMaterial km = SrtpKeyMaterial.fromDtlsExport(SrtpProfile.AES128_CM_HMAC_SHA1_80,
                material(SrtpProfile.AES128_CM_HMAC_SHA1_80), true);
        assertThat(km.localMasterKey()).isEqualTo(range(16, 32));
        assertThat(km.localMasterSalt()).isEqualTo(range(46, 60));
        assertThat(km.remoteMasterKey()).isEqualTo(range(0, 16));
        assertThat(km.remoteMasterSalt()).isEqualTo(range(32, 46));
    }

    @Test
    void clientSendsWithTheClientHalf() {
        // AES-128-GCM: client_key 0..15 | server_key 16..31 | client_salt 32..43 | server_salt 44..55
        SrtpKeyMaterial km = SrtpKeyMaterial.fromDtlsExport(SrtpProfile.AEAD_AES_128_GCM,
                material(SrtpProfile.AEAD_AES_128_GCM), false);
        assertThat(km.localMasterKey()).isEqualTo(range(0, 16));
        assertThat(km.localMasterSalt()).isEqualTo(range(32, 44));
        assertThat(km.remoteMasterKey()).isEqualTo(range(16, 32));
        assertThat(km.remoteMasterSalt()).isEqualTo(range(44, 56));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void bothEndsOfOneAssociationInteroperate(SrtpProfile profile) {
        byte[] exported = material(profile);
        SrtpKeyMaterial server = SrtpKeyMaterial.fromDtlsExport(profile, exported, true);
        SrtpKeyMaterial client = SrtpKeyMaterial.fromDtlsExport(profile, exported, false);
        SrtpContext serverOut = SrtpContext.forSending(server);
        SrtpContext clientIn = SrtpContext.forReceiving(client);
        SrtpContext clientOut = SrtpContext.forSending(client);
        SrtpContext serverIn = SrtpContext.forReceiving(server);

        byte[] down = SrtpFixtures.rtp(1, 1, 40, 16);
        int n = serverOut.protectRtp(down, 0, 52);
        assertThat(clientIn.unprotectRtp(down, 0, n)).isEqualTo(52);
        assertThat(serverIn.unprotectRtp(down.clone(), 0, 52 + 0)).isNegative();

        byte[] up = SrtpFixtures.rtp(1, 2, 40, 16);
        int m = clientOut.protectRtp(up, 0, 52);
        byte[] copy = up.clone();
        assertThat(serverIn.unprotectRtp(up, 0, m)).isEqualTo(52);
        // The wrong half must not verify: that is the DTLS role mix-up this class exists to avoid.
        assertThat(SrtpContext.forReceiving(server).unprotectRtp(copy, 0, m)).isEqualTo(52);
        assertThat(SrtpContext.forReceiving(client).unprotectRtp(Arrays.copyOf(copy, copy.length), 0, m))
                .isEqualTo(SrtpError.AUTH_FAILED.code());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void wrongLengthIsRejected(SrtpProfile profile) {
        assertThatThrownBy(() -> SrtpKeyMaterial.fromDtlsExport(profile,
                new byte[profile.keyingMaterialLength() - 1], true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(profile.keyingMaterialLength()));
    }

    @Test
    void accessorsReturnCopiesAndToStringHidesKeys() {
        SrtpKeyMaterial km = SrtpKeyMaterial.fromDtlsExport(SrtpProfile.AES128_CM_HMAC_SHA1_80,
                material(SrtpProfile.AES128_CM_HMAC_SHA1_80), true);
        km.localMasterKey()[0] = 99;
        assertThat(km.localMasterKey()[0]).isEqualTo((byte) 16);
        assertThat(km.toString()).doesNotContain("16").contains("AES128_CM_HMAC_SHA1_80");
    }

    @Test
    void contextRejectsKeysOfTheWrongLength() {
        assertThatThrownBy(() -> new SrtpContext(SrtpProfile.AEAD_AES_128_GCM, new byte[16], new byte[14]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SrtpContext(SrtpProfile.AES128_CM_HMAC_SHA1_80, new byte[16], new byte[14], 100, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
