/**
 * The edge daemon's presence in the live registry (topology module): it registers as an EDGE member
 * of its PoP with a TTL health check, and publishes its load, its drain state, and the round trips
 * it measured to clients (per /24 or /48 prefix) and over the backbone, which the geo-router turns
 * into routing decisions.
 */
package net.voxedge.edge.presence;
