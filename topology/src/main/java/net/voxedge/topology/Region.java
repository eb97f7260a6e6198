package net.voxedge.topology;

/** A named group of PoPs (e.g. {@code eu}, "Europe"); PoPs name the region they belong to. */
public record Region(String id, String name) {
}
