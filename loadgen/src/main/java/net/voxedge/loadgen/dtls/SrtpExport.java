package net.voxedge.loadgen.dtls;

import net.voxedge.edge.srtp.SrtpProfile;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;

/** The SRTP profile a handshake settled on and the keying material it exported (RFC 5764 §4.2). */
final class SrtpExport {
    volatile int selected = -1;
    volatile byte[] material;

    void exportFrom(TlsContext context) {
        int length = SrtpProfile.fromId(selected).map(SrtpProfile::keyingMaterialLength).orElse(0);
        if (length > 0) {
            material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        }
    }
}
