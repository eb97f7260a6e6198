package net.voxedge.topology.registry;

/**
 * How busy a member is.
 *
 * @param activeSessions sessions it carries now, ≥ 0
 * @param capacity       the most it should carry, ≥ 1
 * @param cpu            CPU use, 0..1 (the busiest of its cores' share, as the member measures it)
 */
public record Load(int activeSessions, int capacity, double cpu) {

    public Load {
        if (activeSessions < 0) {
            throw new IllegalArgumentException("load: activeSessions must be >= 0 (got " + activeSessions + ")");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("load: capacity must be >= 1 (got " + capacity + ")");
        }
        if (!(cpu >= 0.0 && cpu <= 1.0)) {
            throw new IllegalArgumentException("load: cpu must be between 0 and 1 (got " + cpu + ")");
        }
    }

    /** Sessions over capacity (may exceed 1 when overloaded). */
    public double utilisation() {
        return (double) activeSessions / capacity;
    }
}
