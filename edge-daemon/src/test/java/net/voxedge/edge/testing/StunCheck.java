package net.voxedge.edge.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the Binding requests a browser sends, byte by byte and independently of the daemon's STUN writer, with
 * a knob for every way a hostile or broken client can get them wrong.
 */
public final class StunCheck {
    /** How the FINGERPRINT attribute is written. */
    public enum Fingerprint { VALID, NONE, WRONG }

    private int type = 0x0001;
    private String username;
    private Long priority = 0x6E7F1EFFL;
    private boolean controlling = true;
    private boolean controlled;
    private boolean useCandidate;
    private int unknownType = -1;
    private String password;
    private boolean corruptIntegrity;
    private Fingerprint fingerprint = Fingerprint.VALID;
    private final byte[] tid = new byte[12];

    private StunCheck() {
        ThreadLocalRandom.current().nextBytes(tid);
    }

    /** A valid check with USERNAME {@code username}, signed with {@code password} (the server's ICE password). */
    public static StunCheck as(String username, String password) {
        StunCheck c = new StunCheck();
        c.username = username;
        c.password = password;
        return c;
    }

    public StunCheck type(int t) { type = t; return this; }
    public StunCheck noUsername() { username = null; return this; }
    public StunCheck noPriority() { priority = null; return this; }
    public StunCheck noIntegrity() { password = null; return this; }
    public StunCheck wrongIntegrity() { corruptIntegrity = true; return this; }
    public StunCheck fingerprint(Fingerprint f) { fingerprint = f; return this; }
    public StunCheck nominate() { useCandidate = true; return this; }
    public StunCheck controlled() { controlling = false; controlled = true; return this; }
    public StunCheck unknownAttribute(int t) { unknownType = t; return this; }

    /** The transaction id this check carries (random per builder). */
    public byte[] transactionId() {
        return tid.clone();
    }

    public byte[] build() {
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
        if (password != null) {
            byte[] hmac = hmacSha1(password, header(attrs.toByteArray(), 24));
            if (corruptIntegrity) {
                hmac[7] ^= 0x40;
            }
            attr(attrs, 0x0008, hmac);
        }
        if (fingerprint == Fingerprint.NONE) {
            return header(attrs.toByteArray(), 0);
        }
        byte[] untilFp = header(attrs.toByteArray(), 8);
        CRC32 crc = new CRC32();
        crc.update(untilFp);
        int fp = (int) crc.getValue() ^ 0x5354554E;
        if (fingerprint == Fingerprint.WRONG) {
            fp ^= 1;
        }
        return ByteBuffer.allocate(untilFp.length + 8).put(untilFp)
                .putShort((short) 0x8028).putShort((short) 4).putInt(fp).array();
    }

    static byte[] hmacSha1(String password, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The header plus {@code body}, with a length field that also counts {@code extra} bytes still to come. */
    private byte[] header(byte[] body, int extra) {
        return ByteBuffer.allocate(20 + body.length).putShort((short) type).putShort((short) (body.length + extra))
                .putInt(0x2112A442).put(tid).put(body).array();
    }

    private static void attr(ByteArrayOutputStream out, int type, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putShort((short) type).putShort((short) value.length).array());
        out.writeBytes(value);
        out.writeBytes(new byte[(4 - value.length % 4) % 4]);
    }
}
