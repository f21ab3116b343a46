package io.llmgate.console.api;

import java.util.Arrays;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.llmgate.model.governance.WorkspaceScope;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI description of the admin API, served at {@code /admin/api/openapi}. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    static {
        // resolved from the request by AdminScopes, not bound from parameters; documented as workspace_id below
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(WorkspaceScope.class);
    }

    @Bean
    public OpenAPI adminOpenApi() {
        return new OpenAPI()
                .info(new Info().title("llmgate admin API").version("1")
                        .description("Workspaces, users and roles, gateway API keys, virtual keys, budgets, rate "
                                + "limits, routing configs, circuit breakers, request logs, usage, prices and the "
                                + "audit trail. Authenticate with an admin API key (lga-...). JSON names are "
                                + "snake_case; a request body field the endpoint does not know is a 400 naming it "
                                + "(error.param). Every list is {\"object\":\"list\",\"data\":[...],"
                                + "\"has_more\":false}, with page and size when paged and total when counted. "
                                + "Errors are {\"error\":{\"message\",\"type\",\"code\",\"param\"}}."))
                .components(new Components()
                        .addSecuritySchemes("adminKey", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("Authorization: Bearer lga-..."))
                        .addSecuritySchemes("adminKeyHeader", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(AdminKeyFilter.HEADER)))
                .addSecurityItem(new SecurityRequirement().addList("adminKey"))
                .addSecurityItem(new SecurityRequirement().addList("adminKeyHeader"));
    }

    /** Schemas with the names the admin API's JSON really has (snake_case, see {@link AdminWebConfig}). */
    @Bean
    public ModelResolver adminModelResolver(ObjectMapper json) {
        return new ModelResolver(AdminWebConfig.adminJson(json));
    }

    /** Scoped endpoints document the one parameter their scope is read from. */
    @Bean
    public OperationCustomizer workspaceScopeParameter() {
        return (operation, handler) -> {
            if (Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> p.getParameterType() == WorkspaceScope.class)) {
                operation.addParametersItem(new QueryParameter().name(AdminScopes.PARAM).schema(new StringSchema())
                        .description("The workspace to read (alias: workspace; both must agree). Required unless "
                                + "you are an organisation admin, who without it reads every workspace."));
            }
            return operation;
        };
    }
}
