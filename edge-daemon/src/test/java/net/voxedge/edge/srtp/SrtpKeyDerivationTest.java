package net.voxedge.edge.srtp;

import static net.voxedge.edge.srtp.SrtpFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SrtpKeyDerivationTest {

    private final SrtpKeyDerivation kdf =
            new SrtpKeyDerivation(SrtpFixtures.CM_MASTER_KEY, SrtpFixtures.CM_MASTER_SALT);

    @Test
    void rfc3711AppendixB3CipherKey() {
        assertThat(kdf.derive(SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16))
                .isEqualTo(hex("C61E7A93744F39EE10734AFE3FF7A087"));
    }

    @Test
    void rfc3711AppendixB3CipherSalt() {
        assertThat(kdf.derive(SrtpKeyDerivation.LABEL_RTP_SALT, 14))
                .isEqualTo(hex("30CBBC08863D8C85D49DB34A9AE1"));
    }

    @Test
    void rfc3711AppendixB3AuthKeyAcrossSixBlocks() {
        assertThat(kdf.derive(SrtpKeyDerivation.LABEL_RTP_AUTH, 94)).isEqualTo(hex("""
                CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE
                E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25
                6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"""));
    }

    @Test
    void srtcpLabelsGiveDifferentKeys() {
        assertThat(kdf.derive(SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, 16))
                .isNotEqualTo(kdf.derive(SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16));
    }

    @Test
    void shortGcmSaltIsPaddedOnTheRight() {
        // A 12-byte salt must behave exactly like the same salt followed by two zero bytes.
        byte[] salt12 = SrtpFixtures.GCM_MASTER_SALT;
        byte[] salt14 = new byte[14];
        System.arraycopy(salt12, 0, salt14, 0, 12);
        SrtpKeyDerivation shortSalt = new SrtpKeyDerivation(SrtpFixtures.GCM_MASTER_KEY, salt12);
        SrtpKeyDerivation padded = new SrtpKeyDerivation(SrtpFixtures.GCM_MASTER_KEY, salt14);
        assertThat(shortSalt.derive(SrtpKeyDerivation.LABEL_RTP_SALT, 12))
                .isEqualTo(padded.derive(SrtpKeyDerivation.LABEL_RTP_SALT, 12));
    }
}
