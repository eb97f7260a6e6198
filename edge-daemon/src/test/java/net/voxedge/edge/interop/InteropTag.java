package net.voxedge.edge.interop;

/** The JUnit tag on every test that starts a real external peer (a browser, libwebrtc, node). */
public final class InteropTag {
    /** Use as {@code @Tag(InteropTag.NAME)}; exclude with {@code -DexcludedGroups=interop}. */
    public static final String NAME = "interop";

    private InteropTag() {
    }
}
