package net.voxedge.edge.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Structural invariants every answer must satisfy, whatever the offer was. */
final class AnswerChecks {

    private AnswerChecks() {
    }

    /** The answer's lines, split on CRLF, after checking that CRLF is the only line ending used. */
    static List<String> lines(String sdp) {
        assertThat(sdp).endsWith("\r\n");
        assertThat(sdp.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        return List.of(sdp.substring(0, sdp.length() - 2).split("\r\n", -1));
    }

    static void assertWellFormed(SdpOffer offer, SdpAnswer answer) {
        List<String> lines = lines(answer.sdp());
        for (String l : lines) {
            assertThat(l).matches("[a-z]=\\S.*");
        }
        assertThat(lines.subList(0, 4).get(0)).isEqualTo("v=0");
        assertThat(lines.get(1)).startsWith("o=- ");
        assertThat(lines.get(2)).isEqualTo("s=-");
        assertThat(lines.get(3)).isEqualTo("t=0 0");
        AudioOffer audio = offer.audio();
        assertThat(lines).containsOnlyOnce("a=ice-lite", "a=setup:passive", "a=group:BUNDLE " + audio.mid());
        assertThat(lines).filteredOn(l -> l.startsWith("a=group:")).hasSize(1);
        assertThat(lines).noneMatch(l -> l.startsWith("a=ice-options") || l.startsWith("a=rtcp-fb"));

        List<Integer> mLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("m=")) {
                mLines.add(i);
            }
        }
        assertThat(mLines).hasSameSizeAs(offer.mediaSections());
        for (int k = 0; k < mLines.size(); k++) {
            MediaSection offered = offer.mediaSections().get(k);
            List<String> section = lines.subList(mLines.get(k), k + 1 < mLines.size() ? mLines.get(k + 1) : lines.size());
            String[] m = section.getFirst().substring(2).split(" ");
            assertThat(m[0]).isEqualTo(offered.kind());
            assertThat(m[2]).isEqualTo(offered.proto());
            if (offered.hasMid()) {
                assertThat(section).containsOnlyOnce("a=mid:" + offered.mid());
            } else {
                assertThat(section).noneMatch(l -> l.startsWith("a=mid:"));
            }
            if (k == audio.index()) {
                assertThat(m).hasSize(4);
                assertThat(Integer.parseInt(m[1])).isPositive();
                assertThat(m[3]).isEqualTo(Integer.toString(audio.opusPayloadType()));
                assertThat(section).contains("a=rtcp-mux", "a=setup:passive", "a=end-of-candidates",
                        "a=rtpmap:" + audio.opusPayloadType() + " opus/48000/2",
                        "a=" + audio.direction().answer().attribute());
            } else {
                assertThat(m[1]).as("rejected m-line port").isEqualTo("0");
                assertThat(section).noneMatch(l -> l.startsWith("a=candidate") || l.startsWith("a=ice-"));
            }
        }
        assertThat(answer.audio().mid()).isEqualTo(audio.mid());
        assertThat(answer.audio().direction()).isEqualTo(audio.direction().answer());
    }
}
