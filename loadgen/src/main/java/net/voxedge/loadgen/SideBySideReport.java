package net.voxedge.loadgen;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Turns the JSON of several runs into the side-by-side comparison: a headline table (most
 * concurrent sessions at 0 loss, CPU per session, p99 echo RTT, setups per second; relayed packets
 * per second per core and the p99 latency the relay adds over the direct path), the per-step
 * tables, and, when gnuplot is installed, a plot of p99 RTT against sessions. Writes
 * {@code side-by-side.md} (and {@code rtt-p99.png}) into the output folder and prints the markdown.
 */
final class SideBySideReport {
    private SideBySideReport() {
    }

    static int run(Path outDir, List<Path> files) throws IOException, InterruptedException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("report needs the JSON files of the runs");
        }
        Files.createDirectories(outDir);
        List<JsonObject> runs = new ArrayList<>();
        for (Path f : files) {
            runs.add(new JsonObject(Files.readString(f)));
        }
        StringBuilder md = new StringBuilder();
        JsonObject machine = runs.get(0).getJsonObject("machine", new JsonObject());
        md.append("Machine: ").append(machine.getString("cpu", "?")).append(", ").append(machine.getValue("cores"))
                .append(" cores, Linux ").append(machine.getString("kernel", "?")).append(", Java ")
                .append(machine.getString("java", "?")).append("; load average at start: ")
                .append(machine.getString("loadAverageAtStart", "?")).append("\n\n");

        md.append("| server (echo) | most sessions at 0 loss | server CPU per session | p99 echo RTT there | setups/s |\n");
        md.append("|---|---|---|---|---|\n");
        for (JsonObject run : runs) {
            if (!"webrtc".equals(run.getString("kind")) || WebRtcLoad.RELAY_TARGET.equals(run.getString("target"))) {
                continue;
            }
            JsonObject best = bestClean(run.getJsonArray("steps"));
            md.append("| ").append(label(run.getString("target"))).append(" | ")
                    .append(best == null ? "none" : best.getInteger("sessions")).append(" | ")
                    .append(best == null ? "-" : fmt(best.getValue("serverCpuPercentPerSession"), "%")).append(" | ")
                    .append(best == null ? "-" : fmt(best.getJsonObject("rttMs").getValue("p99"), " ms")).append(" | ")
                    .append(best == null ? "-" : fmt(best.getValue("setupsPerSecond"), "")).append(" |\n");
        }
        JsonObject direct = runs.stream().filter(r -> "udp-direct".equals(r.getString("target"))).findFirst().orElse(null);
        JsonObject edgeDirect = runs.stream().filter(r -> "whip".equals(r.getString("target"))).findFirst().orElse(null);
        boolean anyForward = runs.stream().anyMatch(r -> "forward".equals(r.getString("kind"))
                || WebRtcLoad.RELAY_TARGET.equals(r.getString("target")));
        if (anyForward) {
            md.append("\n| relay | flows at 0 loss | relayed packets/s | per core | p99 RTT | p99 added over direct |\n");
            md.append("|---|---|---|---|---|---|\n");
            for (JsonObject run : runs) {
                String target = run.getString("target");
                if (!"turn".equals(target) && !WebRtcLoad.RELAY_TARGET.equals(target)) {
                    continue;
                }
                JsonObject best = bestClean(run.getJsonArray("steps"));
                if (best == null) {
                    md.append("| ").append(label(target)).append(" | none | - | - | - | - |\n");
                    continue;
                }
                // coturn is compared with direct UDP to the reflector; the edge relay with the edge's own echo.
                JsonObject baseRun = "turn".equals(target) ? direct : edgeDirect;
                JsonObject base = baseRun == null ? null : stepWith(baseRun.getJsonArray("steps"), best.getInteger("sessions"));
                Object added = null;
                if (base != null && best.getJsonObject("rttMs").getDouble("p99") != null
                        && base.getJsonObject("rttMs").getDouble("p99") != null) {
                    added = StepRunner.round(best.getJsonObject("rttMs").getDouble("p99")
                            - base.getJsonObject("rttMs").getDouble("p99"), 3);
                }
                md.append("| ").append(label(target)).append(" | ").append(best.getInteger("sessions")).append(" | ")
                        .append(fmt(best.getValue("relayedPacketsPerSecond"), "")).append(" | ")
                        .append(fmt(best.getValue("relayedPacketsPerSecondPerCore"), "")).append(" | ")
                        .append(fmt(best.getJsonObject("rttMs").getValue("p99"), " ms")).append(" | ")
                        .append(fmt(added, " ms")).append(" |\n");
            }
            if (runs.stream().noneMatch(r -> WebRtcLoad.RELAY_TARGET.equals(r.getString("target")))) {
                md.append("| voxedge cross-host relay | not measured in this run (`--only=...,relay`) | | | | |\n");
            }
        }

        for (JsonObject run : runs) {
            md.append("\n### ").append(label(run.getString("target"))).append(" — every step\n\n`")
                    .append(run.getString("command")).append("`\n\n");
            md.append("| sessions | up | failed | loss % | RTT p50 / p99 / p99.9 ms | setup p50 / p99 ms | setups/s "
                    + "| server CPU % | per session % | client CPU % | generator tick late p99 ms |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Object o : run.getJsonArray("steps")) {
                JsonObject s = (JsonObject) o;
                JsonObject rtt = s.getJsonObject("rttMs");
                JsonObject setup = s.getJsonObject("setupMs");
                md.append("| ").append(s.getInteger("sessions")).append(" | ").append(s.getInteger("established"))
                        .append(" | ").append(s.getInteger("failed")).append(" | ").append(fmt(s.getValue("lossPercent"), ""))
                        .append(" | ").append(fmt(rtt.getValue("p50"), "")).append(" / ").append(fmt(rtt.getValue("p99"), ""))
                        .append(" / ").append(fmt(rtt.getValue("p999"), "")).append(" | ")
                        .append(fmt(setup.getValue("p50"), "")).append(" / ").append(fmt(setup.getValue("p99"), ""))
                        .append(" | ").append(fmt(s.getValue("setupsPerSecond"), "")).append(" | ")
                        .append(fmt(s.getValue("serverCpuPercent"), "")).append(" | ")
                        .append(fmt(s.getValue("serverCpuPercentPerSession"), "")).append(" | ")
                        .append(fmt(s.getValue("clientCpuPercent"), "")).append(" | ")
                        .append(fmt(s.getJsonObject("generatorTickLateMs").getValue("p99"), "")).append(" |\n");
            }
        }
        if (plot(outDir, runs)) {
            md.append("\n![p99 echo RTT against concurrent sessions](rtt-p99.png)\n");
        }
        Files.writeString(outDir.resolve("side-by-side.md"), md.toString());
        System.out.print(md);
        return 0;
    }

    /** The step with the most sessions among those with no loss and no failed session. */
    static JsonObject bestClean(JsonArray steps) {
        JsonObject best = null;
        for (Object o : steps) {
            JsonObject s = (JsonObject) o;
            if (s.getLong("packetsLost") == 0 && s.getInteger("failed") == 0
                    && (best == null || s.getInteger("sessions") > best.getInteger("sessions"))) {
                best = s;
            }
        }
        return best;
    }

    private static JsonObject stepWith(JsonArray steps, int sessions) {
        for (Object o : steps) {
            if (((JsonObject) o).getInteger("sessions") == sessions) {
                return (JsonObject) o;
            }
        }
        return null;
    }

    private static String label(String target) {
        return switch (target) {
            case "whip" -> "voxedge edge (echo)";
            case "janus" -> "Janus echotest";
            case "turn" -> "coturn (TURN ChannelData)";
            case "relay" -> "voxedge cross-host relay (edge → owner edge, echo)";
            case "udp-direct" -> "direct UDP to the reflector (baseline)";
            default -> target;
        };
    }

    private static String fmt(Object v, String unit) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, d >= 100 ? "%.0f%s" : "%.3g%s", d, unit);
        }
        return v + unit;
    }

    /** p99 RTT against sessions for the WebRTC runs, with gnuplot if it is there. */
    private static boolean plot(Path outDir, List<JsonObject> runs) throws IOException, InterruptedException {
        List<String> series = new ArrayList<>();
        for (JsonObject run : runs) {
            if (!"webrtc".equals(run.getString("kind"))) {
                continue;
            }
            StringBuilder data = new StringBuilder();
            for (Object o : run.getJsonArray("steps")) {
                JsonObject s = (JsonObject) o;
                Double p99 = s.getJsonObject("rttMs").getDouble("p99");
                if (p99 != null) {
                    data.append(s.getInteger("sessions")).append(' ').append(p99).append('\n');
                }
            }
            Path dat = outDir.resolve(run.getString("target") + "-rtt.dat");
            Files.writeString(dat, data.toString());
            series.add("'" + dat.toAbsolutePath() + "' using 1:2 with linespoints lw 2 title '" + label(run.getString("target")) + "'");
        }
        if (series.isEmpty() || !Files.isExecutable(Path.of("/usr/bin/gnuplot"))) {
            return false;
        }
        Path script = outDir.resolve("rtt-p99.gp");
        Files.writeString(script, "set terminal pngcairo size 900,540\nset output '" + outDir.resolve("rtt-p99.png").toAbsolutePath()
                + "'\nset title 'p99 echo RTT against concurrent sessions (50 packets/s each way per session)'\n"
                + "set xlabel 'concurrent sessions'\nset ylabel 'p99 echo RTT (ms)'\nset grid\nset key top left\n"
                + "plot " + String.join(", ", series) + "\n");
        Process p = new ProcessBuilder("gnuplot", script.toString()).redirectErrorStream(true)
                .redirectOutput(outDir.resolve("gnuplot.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0 && Files.exists(outDir.resolve("rtt-p99.png"));
    }
}
