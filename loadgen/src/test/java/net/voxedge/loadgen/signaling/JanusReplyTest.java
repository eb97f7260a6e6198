package net.voxedge.loadgen.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JanusReplyTest {
    @Test
    void readsSuccessWithTheNewId() {
        JanusReply r = JanusReply.parse("{\"janus\":\"success\",\"transaction\":\"lg1\",\"data\":{\"id\":8671052493310310}}");
        assertThat(r.kind()).isEqualTo("success");
        assertThat(r.transaction()).isEqualTo("lg1");
        assertThat(r.dataId()).isEqualTo(8671052493310310L);
    }

    @Test
    void readsALongPollArrayWithTheAnswerOfAHandle() {
        String body = """
                [ {"janus":"keepalive"},
                  {"janus":"event","session_id":1,"sender":77,"transaction":"lg3",
                   "plugindata":{"plugin":"janus.plugin.echotest","data":{"echotest":"event","result":"ok"}},
                   "jsep":{"type":"answer","sdp":"v=0\\r\\n"}} ]""";
        List<JanusReply> all = JanusReply.parseAll(body);
        assertThat(all).hasSize(2);
        assertThat(all.get(0).kind()).isEqualTo("keepalive");
        assertThat(all.get(1).sender()).isEqualTo(77);
        assertThat(all.get(1).jsepType()).isEqualTo("answer");
        assertThat(all.get(1).jsepSdp()).isEqualTo("v=0\r\n");
        assertThat(all.get(1).error()).isNull();
    }

    @Test
    void readsErrorsOfJanusAndOfThePlugin() {
        assertThat(JanusReply.parse("{\"janus\":\"error\",\"error\":{\"code\":458,\"reason\":\"No such session\"}}").error())
                .isEqualTo("458 No such session");
        assertThat(JanusReply.parse("{\"janus\":\"event\",\"sender\":5,\"plugindata\":{\"data\":{\"error\":\"bad sdp\"}}}").error())
                .isEqualTo("bad sdp");
    }

    @Test
    void garbageIsAGarbageReplyNotAnException() {
        for (String g : new String[] {null, "", "[", "{", "nope", "[1,2]", "{\"janus\":5}", "{\"janus\":\"x\",\"data\":7}",
                "{\"janus\":\"event\",\"jsep\":\"answer\"}", "[{\"janus\":\"ack\"},3]", "\"janus\"", "{\"janus\":\"x\",\"sender\":\"7\"}"}) {
            for (JanusReply r : JanusReply.parseAll(g)) {
                assertThat(r).isNotNull();
                assertThat(r.kind()).isNotNull();
            }
        }
        assertThat(JanusReply.parse("[1,2]").kind()).isEqualTo(JanusReply.GARBAGE);
        assertThat(JanusReply.parseAll("[]")).singleElement().extracting(JanusReply::kind).isEqualTo(JanusReply.GARBAGE);
        assertThat(JanusReply.parse("{\"janus\":5}").kind()).isEqualTo(JanusReply.GARBAGE);
        assertThat(JanusReply.parse("{\"janus\":\"x\",\"sender\":\"7\"}").sender()).isZero();
    }
}
