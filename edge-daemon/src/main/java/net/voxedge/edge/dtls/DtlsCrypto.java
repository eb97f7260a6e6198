package net.voxedge.edge.dtls;

import java.security.SecureRandom;

import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The one TLS crypto back end every endpoint shares (it is stateless apart from its thread-safe
 * SecureRandom, so sharing costs nothing and saves a seeding per session).
 */
final class DtlsCrypto {
    static final BcTlsCrypto INSTANCE = new BcTlsCrypto(new SecureRandom());

    private DtlsCrypto() {
    }
}
