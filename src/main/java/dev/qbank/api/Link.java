package dev.qbank.api;

/** A hypermedia link in a body's {@code _links}; hrefs are root-relative so representations do not depend on Host. */
public record Link(String href) {

    public static Link to(String href) {
        return new Link(href);
    }
}
