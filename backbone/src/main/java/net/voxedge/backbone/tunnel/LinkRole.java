package net.voxedge.backbone.tunnel;

/** Which end of the tunnel this link is; it picks the send and receive key directions. */
public enum LinkRole {
    /** The PoP host: sends user audio (reliable), receives agent audio (best effort). */
    EDGE("e2c", "c2e"),
    /** The inference cluster gateway. */
    CLUSTER("c2e", "e2c");

    final String sendLabel;
    final String receiveLabel;

    LinkRole(String sendLabel, String receiveLabel) {
        this.sendLabel = sendLabel;
        this.receiveLabel = receiveLabel;
    }
}
