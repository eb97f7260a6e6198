package net.voxedge.edge.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SrtpProfileTest {

    @Test
    void ianaIdsResolve() {
        assertThat(SrtpProfile.fromId(0x0001)).contains(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        assertThat(SrtpProfile.fromId(0x0002)).contains(SrtpProfile.AES128_CM_HMAC_SHA1_32);
        assertThat(SrtpProfile.fromId(0x0007)).contains(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.fromId(0x0008)).contains(SrtpProfile.AEAD_AES_256_GCM);
        assertThat(SrtpProfile.fromId(0x0005)).isEmpty(); // NULL_HMAC_SHA1_80: never negotiated by us
        assertThat(SrtpProfile.fromId(0)).isEmpty();
        assertThat(SrtpProfile.fromId(-1)).isEmpty();
    }

    @Test
    void lengthsFollowRfc5764AndRfc7714() {
        assertThat(SrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
        assertThat(SrtpProfile.AES128_CM_HMAC_SHA1_32.rtpAuthTagLength()).isEqualTo(4);
        assertThat(SrtpProfile.AES128_CM_HMAC_SHA1_32.rtcpAuthTagLength()).isEqualTo(10);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThat(SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength()).isEqualTo(88);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.rtpAuthTagLength()).isEqualTo(16);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.isAead()).isTrue();
        assertThat(SrtpProfile.AES128_CM_HMAC_SHA1_80.isAead()).isFalse();
    }
}
