package net.voxedge.edge.dtls;

import java.security.SecureRandom;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The one TLS crypto back end every endpoint shares (it is stateless apart from its thread-safe
 * SecureRandom, so sharing costs nothing and saves a seeding per session).
 *
 * <p>DTLS records after the handshake are rare (the two Finished messages, then alerts), but each
 * session keeps its record-layer ciphers for its whole life: with BouncyCastle's default 4 KB-table
 * GHASH that is ~18 KB of tables (read and write) per session, more than everything else a session
 * holds. The table-free multiplier costs microseconds per record instead, on a handful of records.
 */
final class DtlsCrypto {
    static final BcTlsCrypto INSTANCE = new BcTlsCrypto(new SecureRandom()) {
        @Override
        protected AEADBlockCipher createGCMMode(BlockCipher engine) {
            return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
        }
    };

    private DtlsCrypto() {
    }
}
