package net.voxedge.backbone.tunnel;

/** Liveness of a link as the probes see it; the edge fails over when its cluster link goes DOWN. */
public enum LinkState {
    /** Probe replies arrive. */
    UP,
    /** Not yet confirmed, or too many probes lost, or silent for too long. */
    DOWN
}
