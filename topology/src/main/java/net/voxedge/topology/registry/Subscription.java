package net.voxedge.topology.registry;

/** A listener's registration with a {@link LiveRegistry}; closing it stops the calls. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
