package net.voxedge.backbone.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenRequestTest {
    private static final long ID = 0x00000000000004d2L;

    private static OpenParseResult parse(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return OpenRequest.parse(ID, b, 0, b.length);
    }

    private static String error(String json) {
        OpenParseResult r = parse(json);
        assertThat(r.isOk()).as(json).isFalse();
        return r.error();
    }

    @Test
    void theContractExampleParses() {
        OpenParseResult r = parse("{\"session\": \"00000000000004d2\", \"subject\": \"alice\", \"pop\": \"fra1\","
                + " \"host\": \"fra1-h0\", \"codec\": \"opus/48000/2\", \"instructions\": \"be brief\", \"resumed\": true,"
                + " \"later\": {\"added\": [1, 2]}}");
        assertThat(r.error()).isNull();
        assertThat(r.request()).isEqualTo(new OpenRequest(ID, "alice", "fra1", "fra1-h0", "opus/48000/2", "be brief", true));
    }

    @Test
    void optionalFieldsDefaultAndHexIsCaseAndPaddingFree() {
        OpenRequest r = parse("{\"session\":\"4D2\",\"subject\":\"\",\"pop\":\"p\",\"host\":\"h\",\"codec\":\"OPUS/48000/2\","
                + "\"instructions\":null}").request();
        assertThat(r.instructions()).isNull();
        assertThat(r.resumed()).isFalse();
        assertThat(r.codec()).isEqualTo(OpenRequest.CODEC);
    }

    @Test
    void toJsonRoundTrips() {
        OpenRequest r = new OpenRequest(-2L, "bob", "nyc1", "nyc1-h3", OpenRequest.CODEC, "hi \"there\"", true);
        byte[] b = r.toJson().getBytes(StandardCharsets.UTF_8);
        assertThat(OpenRequest.parse(-2L, b, 0, b.length).request()).isEqualTo(r);
        assertThat(r.toJson()).contains("\"session\":\"fffffffffffffffe\"");
    }

    @Test
    void badPayloadsAreRefusedWithAReasonNamingTheProblem() {
        String ok = "\"subject\":\"a\",\"pop\":\"p\",\"host\":\"h\",\"codec\":\"opus/48000/2\"";
        assertThat(error("not json")).isEqualTo("payload is not a JSON object");
        assertThat(error("[1,2]")).isEqualTo("payload is not a JSON object");
        assertThat(error("{\"session\":\"4d2\"," + ok)).isEqualTo("payload is not a JSON object");
        assertThat(error("{" + ok + "}")).isEqualTo("field \"session\" is missing");
        assertThat(error("{\"session\":1234," + ok + "}")).isEqualTo("field \"session\" must be a hex string");
        assertThat(error("{\"session\":\"xyz\"," + ok + "}")).isEqualTo("field \"session\" must be 1-16 hex digits");
        assertThat(error("{\"session\":\"\"," + ok + "}")).isEqualTo("field \"session\" must be 1-16 hex digits");
        assertThat(error("{\"session\":\"00000000000000004d2\"," + ok + "}")).isEqualTo("field \"session\" must be 1-16 hex digits");
        assertThat(error("{\"session\":\"+4d2\"," + ok + "}")).isEqualTo("field \"session\" must be 1-16 hex digits");
        assertThat(error("{\"session\":\"4d3\"," + ok + "}")).startsWith("field \"session\" (4d3) is not the tunnel session");
        assertThat(error("{\"session\":\"4d2\",\"pop\":\"p\",\"host\":\"h\",\"codec\":\"opus/48000/2\"}"))
                .isEqualTo("field \"subject\" is missing");
        assertThat(error("{\"session\":\"4d2\",\"subject\":7,\"pop\":\"p\",\"host\":\"h\",\"codec\":\"opus/48000/2\"}"))
                .isEqualTo("field \"subject\" must be a string");
        assertThat(error("{\"session\":\"4d2\",\"subject\":\"a\",\"pop\":\"p\",\"host\":\"h\",\"codec\":\"PCMU/8000\"}"))
                .isEqualTo("codec \"PCMU/8000\" is not supported (only opus/48000/2)");
        assertThat(error("{\"session\":\"4d2\"," + ok + ",\"resumed\":\"yes\"}")).isEqualTo("field \"resumed\" must be true or false");
        assertThat(error("{\"session\":\"4d2\"," + ok + ",\"instructions\":[]}")).isEqualTo("field \"instructions\" must be a string");
        assertThat(error("{\"session\":\"4d2\",\"subject\":\"" + "x".repeat(1025) + "\"}")).contains("longer than");
    }

    @Test
    void hostileBytesAndRangesNeverThrow() {
        byte[] badUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(OpenRequest.parse(ID, badUtf8, 0, badUtf8.length).error()).isEqualTo("payload is not UTF-8");
        assertThat(OpenRequest.parse(ID, new byte[0], 0, 0).error()).isEqualTo("empty payload");
        assertThat(OpenRequest.parse(ID, new byte[2000], 0, 2000).error()).startsWith("payload longer than");
        assertThat(OpenRequest.parse(ID, new byte[4], 2, 4).error()).isEqualTo("payload range outside its buffer");
        assertThat(OpenRequest.parse(ID, null, 0, 1).error()).isEqualTo("payload range outside its buffer");
        assertThat(OpenRequest.parse(ID, new byte[4], -1, 2).error()).isEqualTo("payload range outside its buffer");
        byte[] deep = "[".repeat(1100).getBytes(StandardCharsets.UTF_8);
        assertThat(OpenRequest.parse(ID, deep, 0, deep.length).isOk()).isFalse();
    }
}
