package ai.crosslayer.ops.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.server.WebFilter;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/openapi.json}: the OpenAPI document springdoc generates from the {@code /api/**} routes,
 * completed with what the routes' code does not declare: the session cookie they need and the problem
 * details (RFC 9457) they answer with. It is the same for everyone and holds no tenant's data, so it is
 * public ({@link SessionFilter#PUBLIC_API}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String PATH = "/api/openapi.json";
    static final String PROBLEM = "application/problem+json";
    private static final String SESSION = "session";

    static {
        // Bodies built as JSON trees or streamed as buffers: free-form JSON and bytes, not schemas made of the
        // getters of Jackson's and Spring's classes.
        SpringDocUtils.getConfig()
                .replaceWithSchema(JsonNode.class, new ObjectSchema().description("JSON"))
                .replaceWithSchema(ObjectNode.class, new ObjectSchema().description("a JSON object"))
                .replaceWithSchema(ArrayNode.class, new ArraySchema().items(new ObjectSchema()))
                .replaceWithSchema(DataBuffer.class, new BinarySchema());
    }

    /**
     * springdoc builds the document under a lock when it is first asked (then serves a cached copy): that
     * work, and the wait for that lock, happen off the event loop.
     */
    @Bean
    WebFilter apiDescriptionOffTheEventLoop() {
        return (exchange, chain) -> exchange.getRequest().getPath().pathWithinApplication().value().startsWith(PATH)
                ? chain.filter(exchange).subscribeOn(Schedulers.boundedElastic())
                : chain.filter(exchange);
    }

    @Bean
    OpenApiCustomizer problemsAndSession() {
        return openApi -> {
            openApi.info(new Info().title("CrossLayer API")
                    .version(ApiDescription.class.getPackage().getImplementationVersion() == null ? "dev"
                            : ApiDescription.class.getPackage().getImplementationVersion())
                    .description("The dashboard's HTTP API. Every route but the public ones needs a signed-in session"
                            + " (the cookie set by /auth/login or, in the local profile, /auth/dev-login); errors are"
                            + " application/problem+json."));
            openApi.getComponents()
                    .addSchemas("Problem", problemSchema())
                    .addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.COOKIE).name("__Host-crosslayer_session")
                            .description("The session cookie; named crosslayer_session in the local profile."));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> describe(path, method, operation)));
        };
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean open = SessionFilter.PUBLIC_API.contains(path);
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (takesInput) {
            responses.putIfAbsent("400", problem("The request is malformed or breaks a limit; `detail` names it."));
        }
        if (!open) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(SESSION)));
            responses.putIfAbsent("401", problem("Not signed in, or the session has ended."));
            responses.putIfAbsent("403", problem("Refused: the member's role may not do this, or it is outside their tenant."));
        }
        if (path.contains("{")) {
            responses.putIfAbsent("404", problem("No such resource in the signed-in member's tenant."));
        }
        if (method == PathItem.HttpMethod.PUT || method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.DELETE) {
            responses.putIfAbsent("409", problem("The change conflicts with the current state; read it again and retry."));
        }
        responses.putIfAbsent("503", problem("A service this route needs is unavailable; retry later."));
        operation.setResponses(responses);
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("Problem details (RFC 9457)")
                .properties(Map.of(
                        "type", new StringSchema().description("a URI naming the kind of problem"),
                        "title", new StringSchema(),
                        "status", new IntegerSchema(),
                        "detail", new StringSchema().description("what happened and what to do"),
                        "instance", new StringSchema().description("the request path")));
    }
}
