package net.voxedge.edge.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.voxedge.edge.turn.SpeechOnsetDetector.Transition;
import org.junit.jupiter.api.Test;

class SpeechOnsetDetectorTest {

    private static final int QUIET = 127;
    private static final int LOUD = 30;

    @Test
    void twoLoudPacketsOfThreeMakeAnOnsetOnTheSecond() {
        SpeechOnsetDetector d = new SpeechOnsetDetector(50, 2, 5);
        assertThat(d.onPacket(QUIET)).isEqualTo(Transition.NONE);
        assertThat(d.onPacket(LOUD)).isEqualTo(Transition.NONE);
        assertThat(d.onPacket(QUIET)).isEqualTo(Transition.NONE);
        assertThat(d.onPacket(LOUD)).isEqualTo(Transition.ONSET);
        assertThat(d.speaking()).isTrue();
    }

    @Test
    void isolatedClicksNeverMakeAnOnset() {
        SpeechOnsetDetector d = new SpeechOnsetDetector(50, 2, 5);
        for (int i = 0; i < 300; i++) {
            assertThat(d.onPacket(i % 3 == 0 ? LOUD : QUIET)).isEqualTo(Transition.NONE);
        }
    }

    @Test
    void thresholdIsInclusiveAndLouderMeansSmallerDbov() {
        SpeechOnsetDetector d = new SpeechOnsetDetector(50, 1, 5);
        assertThat(d.onPacket(51)).isEqualTo(Transition.NONE);
        assertThat(d.onPacket(50)).isEqualTo(Transition.ONSET);
    }

    @Test
    void offsetNeedsTheWholeHangoverOfQuietPackets() {
        SpeechOnsetDetector d = new SpeechOnsetDetector(50, 2, 4);
        d.onPacket(LOUD);
        assertThat(d.onPacket(LOUD)).isEqualTo(Transition.ONSET);
        // a pause shorter than the hangover between words keeps the turn
        for (int i = 0; i < 3; i++) {
            assertThat(d.onPacket(QUIET)).isEqualTo(Transition.NONE);
        }
        assertThat(d.onPacket(LOUD)).isEqualTo(Transition.NONE);
        for (int i = 0; i < 3; i++) {
            assertThat(d.onPacket(QUIET)).isEqualTo(Transition.NONE);
        }
        assertThat(d.onPacket(QUIET)).isEqualTo(Transition.OFFSET);
        assertThat(d.speaking()).isFalse();
    }

    @Test
    void aFreshOnsetAfterAnOffsetNeedsFreshEvidence() {
        SpeechOnsetDetector d = new SpeechOnsetDetector(50, 2, 1);
        d.onPacket(LOUD);
        d.onPacket(LOUD);
        assertThat(d.onPacket(QUIET)).isEqualTo(Transition.OFFSET);
        assertThat(d.onPacket(LOUD)).isEqualTo(Transition.NONE);
        assertThat(d.onPacket(LOUD)).isEqualTo(Transition.ONSET);
    }

    @Test
    void packetsWithoutALevelCountAsQuiet() {
        SpeechOnsetDetector d = new SpeechOnsetDetector(50, 1, 2);
        assertThat(d.onPacket(-1)).isEqualTo(Transition.NONE);
        assertThat(d.onPacket(LOUD)).isEqualTo(Transition.ONSET);
        assertThat(d.onPacket(-1)).isEqualTo(Transition.NONE);
        assertThat(d.onPacket(-1)).isEqualTo(Transition.OFFSET);
    }

    @Test
    void resetForgetsTheTurn() {
        SpeechOnsetDetector d = new SpeechOnsetDetector(50, 1, 2);
        d.onPacket(LOUD);
        d.reset();
        assertThat(d.speaking()).isFalse();
        assertThat(d.onPacket(LOUD)).isEqualTo(Transition.ONSET);
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new SpeechOnsetDetector(0, 2, 5)).hasMessageContaining("thresholdDbov");
        assertThatThrownBy(() -> new SpeechOnsetDetector(50, 4, 5)).hasMessageContaining("onsetPackets");
        assertThatThrownBy(() -> new SpeechOnsetDetector(50, 2, 0)).hasMessageContaining("hangoverPackets");
    }
}
