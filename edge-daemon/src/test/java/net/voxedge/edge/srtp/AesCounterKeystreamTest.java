package net.voxedge.edge.srtp;

import static net.voxedge.edge.srtp.SrtpFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class AesCounterKeystreamTest {

    /** RFC 3711 Appendix B.2: 65282 blocks of keystream; the RFC lists the first and last three. */
    @Test
    void rfc3711AppendixB2() throws GeneralSecurityException {
        AesCounterKeystream ks = new AesCounterKeystream(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        int length = 1044512;
        byte[] out = new byte[length + 4];

        ks.xor(iv, out, 2, length);

        assertThat(hex(out, 2, 48)).isEqualToIgnoringCase(
                "E03EAD0935C95E80E166B16DD92B4EB4"
                        + "D23513162B02D0F72A43A2FE4A5F97AB"
                        + "41E95B3BB0A2E8DD477901E4FCA894C0");
        assertThat(hex(out, 2 + length - 48, 48)).isEqualToIgnoringCase(
                "EC8CDF7398607CB0F2D21675EA9EA1E4"
                        + "362B7C3C6773516318A077D7FC5073AE"
                        + "6A2CC3787889374FBEB4C81B17BA6C44");
        assertThat(out[0]).isZero();
        assertThat(out[out.length - 1]).isZero();
    }

    @Test
    void oddLengthsUseAPrefixOfTheKeystream() throws GeneralSecurityException {
        AesCounterKeystream ks = new AesCounterKeystream(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] full = new byte[3000];
        ks.xor(iv, full, 0, full.length);
        byte[] part = new byte[1537];
        ks.xor(iv, part, 0, part.length);
        for (int i = 0; i < part.length; i++) {
            assertThat(part[i]).as("byte %d", i).isEqualTo(full[i]);
        }
    }

    @Test
    void refusesMoreThanTheCounterCanCover() {
        AesCounterKeystream ks = new AesCounterKeystream(new byte[16]);
        byte[] big = new byte[AesCounterKeystream.MAX_LENGTH + 1];
        assertThatThrownBy(() -> ks.xor(new byte[16], big, 0, big.length))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
