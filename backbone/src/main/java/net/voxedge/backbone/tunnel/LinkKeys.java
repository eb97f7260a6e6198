package net.voxedge.backbone.tunnel;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AEAD keys of one link: up to {@link #MAX_KEYS} key ids installed at once, one of them current
 * for sending; every installed key is accepted on receive. Rotation without a restart: install the
 * new id on both ends, activate it on each end, retire the old id once both send with the new one.
 *
 * <p>AES-128-GCM, per-direction keys from HKDF-SHA256 ({@link TunnelKdf}), nonce = per-direction
 * nonce base XOR (sender epoch u48 || packet number u48). Not thread-safe: use it from the link's
 * thread (the IO layer hops there for rotation).
 */
public final class LinkKeys {
    /** Key ids installed at the same time. */
    public static final int MAX_KEYS = 4;
    /** Shortest configured secret. */
    public static final int MIN_SECRET_LENGTH = 16;
    private static final int TAG_BITS = WireFormat.TAG_LENGTH * 8;

    private final LinkRole role;
    private final int linkId;
    private final int[] ids = new int[MAX_KEYS];
    private final boolean[] used = new boolean[MAX_KEYS];
    private final SecretKeySpec[] sendKeys = new SecretKeySpec[MAX_KEYS];
    private final SecretKeySpec[] receiveKeys = new SecretKeySpec[MAX_KEYS];
    private final byte[][] sendIvs = new byte[MAX_KEYS][];
    private final byte[][] receiveIvs = new byte[MAX_KEYS][];
    private final Cipher sealer;
    private final Cipher opener;
    private final byte[] nonce = new byte[TunnelKdf.IV_LENGTH];
    private int current = -1;

    /** Keys for this end ({@code role}) of link {@code linkId}; none installed yet. */
    public LinkKeys(LinkRole role, int linkId) {
        this.role = role;
        this.linkId = linkId;
        try {
            sealer = Cipher.getInstance("AES/GCM/NoPadding");
            opener = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available in this JDK", e);
        }
    }

    /** Derives and installs key id {@code keyId} (0..255) from a secret of at least 16 bytes. */
    public void install(int keyId, byte[] secret) {
        if (keyId < 0 || keyId > 255) {
            throw new IllegalArgumentException("key id " + keyId + " is outside 0..255");
        }
        if (secret == null || secret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("tunnel secret for key id " + keyId + " must have at least "
                    + MIN_SECRET_LENGTH + " bytes");
        }
        if (slot(keyId) >= 0) {
            throw new IllegalStateException("key id " + keyId + " is already installed; retire it before reusing the id");
        }
        int free = -1;
        for (int i = 0; i < MAX_KEYS && free < 0; i++) {
            if (!used[i]) {
                free = i;
            }
        }
        if (free < 0) {
            throw new IllegalStateException("already " + MAX_KEYS + " key ids installed; retire one first");
        }
        byte[] send = TunnelKdf.directionKeyMaterial(secret, role.sendLabel, linkId, keyId);
        byte[] receive = TunnelKdf.directionKeyMaterial(secret, role.receiveLabel, linkId, keyId);
        sendKeys[free] = new SecretKeySpec(send, 0, TunnelKdf.KEY_LENGTH, "AES");
        receiveKeys[free] = new SecretKeySpec(receive, 0, TunnelKdf.KEY_LENGTH, "AES");
        sendIvs[free] = Arrays.copyOfRange(send, TunnelKdf.KEY_LENGTH, send.length);
        receiveIvs[free] = Arrays.copyOfRange(receive, TunnelKdf.KEY_LENGTH, receive.length);
        Arrays.fill(send, (byte) 0);
        Arrays.fill(receive, (byte) 0);
        ids[free] = keyId;
        used[free] = true;
    }

    /** Makes an installed key id the one new datagrams are sealed with. */
    public void activate(int keyId) {
        int s = slot(keyId);
        if (s < 0) {
            throw new IllegalStateException("key id " + keyId + " is not installed");
        }
        current = s;
    }

    /** Removes a key id: datagrams under it are dropped from now on. The current key cannot be retired. */
    public void retire(int keyId) {
        int s = slot(keyId);
        if (s < 0) {
            return;
        }
        if (s == current) {
            throw new IllegalStateException("key id " + keyId + " is current; activate another key before retiring it");
        }
        used[s] = false;
        sendKeys[s] = null;
        receiveKeys[s] = null;
        sendIvs[s] = null;
        receiveIvs[s] = null;
    }

    /**
     * Makes the installed set exactly {@code keys}, sending with {@code currentKeyId}: ids not yet
     * installed are installed, the current one activated, installed ids missing from {@code keys}
     * retired — a configuration reload walks the rotation steps of PROTOCOL.md section 2 with it.
     * An id keeps the secret it was installed with (a new secret takes a new id); its secret in
     * {@code keys} is then not read again. Checked first: on any problem nothing changes and the
     * exception says what is wrong.
     */
    public void replaceWith(java.util.Map<Integer, byte[]> keys, int currentKeyId) {
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("a link takes 1.." + MAX_KEYS + " key ids (got " + keys.size() + ")");
        }
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("current key id " + currentKeyId + " is not among " + keys.keySet());
        }
        for (var e : keys.entrySet()) {
            if (e.getKey() < 0 || e.getKey() > 255) {
                throw new IllegalArgumentException("key id " + e.getKey() + " is outside 0..255");
            }
            if (slot(e.getKey()) < 0 && (e.getValue() == null || e.getValue().length < MIN_SECRET_LENGTH)) {
                throw new IllegalArgumentException("tunnel secret for key id " + e.getKey() + " must have at least "
                        + MIN_SECRET_LENGTH + " bytes");
            }
        }
        boolean currentGoes = current >= 0 && !keys.containsKey(ids[current]);
        if (keys.size() + (currentGoes ? 1 : 0) > MAX_KEYS) {
            // The outgoing current key holds a slot until the new current one is active.
            throw new IllegalArgumentException(keys.size() + " key ids while the current key " + ids[current]
                    + " is still installed: more than " + MAX_KEYS + "; activate a kept key first");
        }
        // Retire what goes first (not the current one yet), so that the new ids find free slots.
        for (int i = 0; i < MAX_KEYS; i++) {
            if (used[i] && !keys.containsKey(ids[i]) && i != current) {
                retire(ids[i]);
            }
        }
        for (var e : keys.entrySet()) {
            if (slot(e.getKey()) < 0) {
                install(e.getKey(), e.getValue());
            }
        }
        int old = currentKeyId();
        activate(currentKeyId);
        if (old >= 0 && old != currentKeyId && !keys.containsKey(old)) {
            retire(old);
        }
    }

    /** The installed key ids, ascending. */
    public int[] installedKeyIds() {
        int n = 0;
        int[] out = new int[MAX_KEYS];
        for (int i = 0; i < MAX_KEYS; i++) {
            if (used[i]) {
                out[n++] = ids[i];
            }
        }
        int[] r = Arrays.copyOf(out, n);
        Arrays.sort(r);
        return r;
    }

    /** True when key id is installed. */
    public boolean isInstalled(int keyId) {
        return slot(keyId) >= 0;
    }

    /** Current send key id, or -1. */
    public int currentKeyId() {
        return current < 0 ? -1 : ids[current];
    }

    private int slot(int keyId) {
        for (int i = 0; i < MAX_KEYS; i++) {
            if (used[i] && ids[i] == keyId) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Seals {@code plain} behind the header already written at {@code out[headerOff..+HEADER_LENGTH)}
     * (the associated data); returns the datagram length, or -1 when no key is current.
     */
    int seal(byte[] out, int headerOff, byte[] plain, int plainOff, int plainLen, long epoch, long packetNumber) {
        if (current < 0) {
            return -1;
        }
        makeNonce(sendIvs[current], epoch, packetNumber);
        try {
            sealer.init(Cipher.ENCRYPT_MODE, sendKeys[current], new GCMParameterSpec(TAG_BITS, nonce));
            sealer.updateAAD(out, headerOff, WireFormat.HEADER_LENGTH);
            int n = sealer.doFinal(plain, plainOff, plainLen, out, headerOff + WireFormat.HEADER_LENGTH);
            return WireFormat.HEADER_LENGTH + n;
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        }
    }

    /** Result of {@link #open}: no installed key with that id. */
    static final int UNKNOWN_KEY = -1;
    /** Result of {@link #open}: the tag did not verify. */
    static final int BAD_TAG = -2;

    /**
     * Opens a whole datagram whose header was parsed; writes the body to {@code plainOut} and returns
     * its length, or {@link #UNKNOWN_KEY} / {@link #BAD_TAG}.
     */
    int open(int keyId, byte[] buf, int off, int len, long epoch, long packetNumber, byte[] plainOut, int plainOff) {
        int s = slot(keyId);
        if (s < 0) {
            return UNKNOWN_KEY;
        }
        makeNonce(receiveIvs[s], epoch, packetNumber);
        try {
            // JCA reports a bad tag only by exception; this is the single place one is caught
            opener.init(Cipher.DECRYPT_MODE, receiveKeys[s], new GCMParameterSpec(TAG_BITS, nonce));
            opener.updateAAD(buf, off, WireFormat.HEADER_LENGTH);
            return opener.doFinal(buf, off + WireFormat.HEADER_LENGTH, len - WireFormat.HEADER_LENGTH, plainOut, plainOff);
        } catch (GeneralSecurityException | RuntimeException e) {
            return BAD_TAG;
        }
    }

    private void makeNonce(byte[] iv, long epoch, long packetNumber) {
        WireFormat.put48(nonce, 0, epoch);
        WireFormat.put48(nonce, 6, packetNumber);
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] ^= iv[i];
        }
    }
}
