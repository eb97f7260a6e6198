package net.voxedge.edge.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class SdpOfferFuzzTest {

    private final AnswerBuilder builder = Offers.localBuilder();

    @FuzzTest
    void parseRejectsCleanlyOrYieldsAnAnswerableOffer(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        SdpOffer offer;
        try {
            offer = SdpOffer.parse(text);
        } catch (SdpException e) {
            assertThat(e.getMessage()).isNotBlank().isNotEqualTo(OfferParser.INTERNAL_ERROR);
            return;
        }
        // Any other exception escaping parse or answer fails the fuzz test.
        SdpAnswer answer = builder.answer(offer);
        AnswerChecks.assertWellFormed(offer, answer);
    }
}
