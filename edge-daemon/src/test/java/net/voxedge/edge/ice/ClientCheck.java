package net.voxedge.edge.ice;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the Binding requests a full ICE agent (a browser) sends, with knobs to leave out or add any attribute.
 * Computes MESSAGE-INTEGRITY and FINGERPRINT itself, independently of the code under test.
 */
final class ClientCheck {
    private int type = 0x0001;
    private String username;
    private Long priority = 0x6E7F1EFFL;
    private boolean controlling = true;
    private boolean controlled;
    private boolean useCandidate;
    private int unknownType = -1;
    private String password;
    private boolean fingerprint = true;
    private byte tidSeed;

    static ClientCheck as(String username, String password) {
        ClientCheck c = new ClientCheck();
        c.username = username;
        c.password = password;
        return c;
    }

    ClientCheck type(int t) { type = t; return this; }
    ClientCheck noUsername() { username = null; return this; }
    ClientCheck noPriority() { priority = null; return this; }
    ClientCheck noIntegrity() { password = null; return this; }
    ClientCheck noFingerprint() { fingerprint = false; return this; }
    ClientCheck nominate() { useCandidate = true; return this; }
    ClientCheck controlled() { controlling = false; controlled = true; return this; }
    ClientCheck bothRoles() { controlling = true; controlled = true; return this; }
    ClientCheck noRole() { controlling = false; controlled = false; return this; }
    ClientCheck unknownAttribute(int t) { unknownType = t; return this; }
    ClientCheck tid(int seed) { tidSeed = (byte) seed; return this; }

    byte[] build() {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        if (username != null) {
            attr(attrs, 0x0006, username.getBytes(StandardCharsets.UTF_8));
        }
        if (priority != null) {
            attr(attrs, 0x0024, ByteBuffer.allocate(4).putInt((int) (long) priority).array());
        }
        if (controlling) {
            attr(attrs, 0x802A, ByteBuffer.allocate(8).putLong(0x1122334455667788L).array());
        }
        if (controlled) {
            attr(attrs, 0x8029, ByteBuffer.allocate(8).putLong(0x1122334455667788L).array());
        }
        if (useCandidate) {
            attr(attrs, 0x0025, new byte[0]);
        }
        if (unknownType >= 0) {
            attr(attrs, unknownType, new byte[] {1, 2, 3, 4});
        }
        byte[] m = header(attrs.toByteArray(), password != null ? 24 : 0);
        if (password != null) {
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                byte[] hmac = mac.doFinal(m);
                ByteArrayOutputStream withMi = new ByteArrayOutputStream();
                withMi.writeBytes(attrs.toByteArray());
                attr(withMi, 0x0008, hmac);
                attrs = withMi;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        if (!fingerprint) {
            return header(attrs.toByteArray(), 0);
        }
        byte[] body = attrs.toByteArray();
        byte[] untilFp = header(body, 8);
        CRC32 crc = new CRC32();
        crc.update(untilFp);
        ByteBuffer out = ByteBuffer.allocate(untilFp.length + 8).put(untilFp);
        out.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554E);
        return out.array();
    }

    /** The header plus {@code body}, with a length field that also counts {@code extra} bytes still to come. */
    private byte[] header(byte[] body, int extra) {
        byte[] tid = new byte[12];
        java.util.Arrays.fill(tid, tidSeed);
        return ByteBuffer.allocate(20 + body.length).putShort((short) type).putShort((short) (body.length + extra))
                .putInt(0x2112A442).put(tid).put(body).array();
    }

    private static void attr(ByteArrayOutputStream out, int type, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putShort((short) type).putShort((short) value.length).array());
        out.writeBytes(value);
        out.writeBytes(new byte[(4 - value.length % 4) % 4]);
    }
}
