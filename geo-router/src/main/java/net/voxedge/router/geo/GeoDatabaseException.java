package net.voxedge.router.geo;

/** The configured GeoIP database cannot be used; the message says which file and why. */
public final class GeoDatabaseException extends Exception {

    public GeoDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
