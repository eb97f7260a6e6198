package net.voxedge.devnet;

/**
 * A "call from" choice of the talk page: a city and a sample address that the dev GeoIP database
 * places there. The page sends the address as {@code X-Forwarded-For}; the dev front trusts
 * 127.0.0.1 as a proxy, so the router routes the call as if the client were in that city.
 *
 * @param key    short id the page uses ({@code fra})
 * @param label  what the selector shows
 * @param sample an address in the city's documentation range (see write-dev-city.pl)
 */
public record DevCity(String key, String label, String sample) {
}
