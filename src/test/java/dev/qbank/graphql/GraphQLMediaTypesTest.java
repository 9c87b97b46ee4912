package dev.qbank.graphql;

import static dev.qbank.graphql.GraphQLMediaTypes.GRAPHQL_RESPONSE;
import static dev.qbank.graphql.GraphQLMediaTypes.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Content negotiation of GraphQL over HTTP, as pure functions of the headers. */
class GraphQLMediaTypesTest {

    @Test
    void theGraphQLResponseTypeWinsWhenNamedAtTheTopQuality() {
        assertEquals(GRAPHQL_RESPONSE, GraphQLMediaTypes.negotiate(GRAPHQL_RESPONSE));
        assertEquals(
                GRAPHQL_RESPONSE,
                GraphQLMediaTypes.negotiate(GRAPHQL_RESPONSE + "; charset=utf-8, application/json; charset=utf-8"));
        assertEquals(GRAPHQL_RESPONSE, GraphQLMediaTypes.negotiate("application/json;q=0.9, " + GRAPHQL_RESPONSE));
        assertEquals(GRAPHQL_RESPONSE, GraphQLMediaTypes.negotiate("*/*, " + GRAPHQL_RESPONSE));
        assertEquals(GRAPHQL_RESPONSE, GraphQLMediaTypes.negotiate("Application/GraphQL-Response+JSON"));
    }

    @Test
    void applicationJsonIsTheDefaultForWildcardsAndNoAccept() {
        assertEquals(JSON, GraphQLMediaTypes.negotiate(null));
        assertEquals(JSON, GraphQLMediaTypes.negotiate(" "));
        assertEquals(JSON, GraphQLMediaTypes.negotiate("*/*"));
        assertEquals(JSON, GraphQLMediaTypes.negotiate("application/*"));
        assertEquals(JSON, GraphQLMediaTypes.negotiate("text/html, application/xhtml+xml, */*;q=0.8"));
        assertEquals(JSON, GraphQLMediaTypes.negotiate("application/json, " + GRAPHQL_RESPONSE));
        assertEquals(JSON, GraphQLMediaTypes.negotiate(GRAPHQL_RESPONSE + ";q=0.5, application/json"));
    }

    @Test
    void aTypeRefusedByItsMostSpecificRangeIsNotServed() {
        assertEquals(GRAPHQL_RESPONSE, GraphQLMediaTypes.negotiate("application/json;q=0, */*"));
        assertEquals(JSON, GraphQLMediaTypes.negotiate(GRAPHQL_RESPONSE + "; charset=iso-8859-1, */*"));
        assertNull(GraphQLMediaTypes.negotiate("text/html"));
        assertNull(GraphQLMediaTypes.negotiate("application/graphql+json"));
        assertNull(GraphQLMediaTypes.negotiate("application/json; charset=latin1"));
        assertNull(GraphQLMediaTypes.negotiate("*/*;q=0"));
        assertNull(GraphQLMediaTypes.negotiate("application/json;q=nonsense"));
    }

    @Test
    void onlyJsonInUtf8IsReadFromABody() {
        assertNull(GraphQLMediaTypes.unreadable("application/json"));
        assertNull(GraphQLMediaTypes.unreadable("application/json; charset=utf-8"));
        assertNull(GraphQLMediaTypes.unreadable("Application/JSON;charset=\"UTF-8\""));
        assertTrue(GraphQLMediaTypes.unreadable(null).contains("no Content-Type"));
        assertTrue(GraphQLMediaTypes.unreadable("application/graphql").contains("application/graphql"));
        assertTrue(GraphQLMediaTypes.unreadable("text/plain").contains("text/plain"));
        assertTrue(
                GraphQLMediaTypes.unreadable("application/json; charset=utf-16").contains("utf-16"));
    }
}
