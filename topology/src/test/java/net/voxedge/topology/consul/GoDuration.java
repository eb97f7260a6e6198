package net.voxedge.topology.consul;

import java.time.Duration;
import java.util.Optional;

/**
 * Go's {@code time.ParseDuration} format, which Consul uses for {@code wait}, {@code TTL} and
 * {@code DeregisterCriticalServiceAfter}: a sequence of decimal numbers with units
 * ({@code ns us µs ms s m h}), e.g. {@code 5s}, {@code 1m30s}, {@code 1.5h}; {@code 0} alone is allowed.
 */
final class GoDuration {

    private GoDuration() {
    }

    static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        String s = text;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        double totalNanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                return Optional.empty();
            }
            double number;
            try {
                number = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unitNanos = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> -1L;
            };
            if (unitNanos < 0) {
                return Optional.empty();
            }
            totalNanos += number * unitNanos;
        }
        if (totalNanos > Long.MAX_VALUE) {
            return Optional.empty();
        }
        Duration d = Duration.ofNanos((long) totalNanos);
        return Optional.of(negative ? d.negated() : d);
    }
}
