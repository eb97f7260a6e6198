package net.voxedge.backbone.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Opus implementations a test runs against: Concentus always, libopus where it loads. */
final class Codecs {
    private Codecs() {}

    static Stream<OpusCodec> available() {
        List<OpusCodec> list = new ArrayList<>();
        list.add(ConcentusOpusCodec.INSTANCE);
        NativeOpusCodec.load().codec().ifPresent(list::add);
        return list.stream();
    }
}
