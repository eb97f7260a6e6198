package net.voxedge.router.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GreatCircleTest {

    @Test
    void knownDistances() {
        // London–Paris ≈ 344 km, Frankfurt–Ashburn ≈ 6,530 km (published great-circle figures).
        assertThat(GreatCircle.km(51.5074, -0.1278, 48.8566, 2.3522)).isCloseTo(343.5, within(1.5));
        assertThat(GreatCircle.km(50.1109, 8.6821, 39.0438, -77.4874)).isCloseTo(6530, within(30.0));
        // One degree of latitude along a meridian is R·π/180.
        assertThat(GreatCircle.km(0, 0, 1, 0)).isCloseTo(GreatCircle.EARTH_RADIUS_KM * Math.PI / 180, within(1e-9));
    }

    @Test
    void symmetricZeroAndAntipodes() {
        assertThat(GreatCircle.km(10, 20, 10, 20)).isZero();
        assertThat(GreatCircle.km(35.6762, 139.6503, -33.8688, 151.2093))
                .isEqualTo(GreatCircle.km(-33.8688, 151.2093, 35.6762, 139.6503));
        assertThat(GreatCircle.km(0, 0, 0, 180)).isCloseTo(Math.PI * GreatCircle.EARTH_RADIUS_KM, within(1e-6));
        assertThat(GreatCircle.km(90, 0, -90, 0)).isCloseTo(Math.PI * GreatCircle.EARTH_RADIUS_KM, within(1e-6));
        assertThat(GreatCircle.km(0, 179.5, 0, -179.5)).isCloseTo(GreatCircle.EARTH_RADIUS_KM * Math.PI / 180, within(1e-6));
    }

    @Test
    void rttModelFormula() {
        RttModel m = new RttModel(1.5, 200, 2);
        assertThat(m.rttMs(0)).isEqualTo(2.0);
        assertThat(m.rttMs(1000)).isEqualTo(2 * 1000 * 1.5 / 200 + 2);
        assertThat(RttModel.DEFAULT).isEqualTo(m);
    }

    @Test
    void rttModelRejectsNonsense() {
        assertThatThrownBy(() -> new RttModel(0.9, 200, 2)).hasMessageContaining("inflation");
        assertThatThrownBy(() -> new RttModel(1.5, Double.NaN, 2)).hasMessageContaining("fibreKmPerMs");
        assertThatThrownBy(() -> new RttModel(1.5, 200, -1)).hasMessageContaining("fixedMs");
    }
}
