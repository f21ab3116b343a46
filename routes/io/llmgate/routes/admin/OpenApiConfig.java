package io.llmgate.routes.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI description of the admin API, served at {@code /admin/api/openapi}. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    public OpenAPI adminOpenApi() {
        return new OpenAPI()
                .info(new Info().title("llmgate admin API").version("1")
                        .description("Workspaces, users and roles, gateway API keys, virtual keys, budgets, rate "
                                + "limits and the audit trail. Authenticate with an admin API key (lga-...)."))
                .components(new Components()
                        .addSecuritySchemes("adminKey", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("Authorization: Bearer lga-..."))
                        .addSecuritySchemes("adminKeyHeader", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(AdminKeyFilter.HEADER)))
                .addSecurityItem(new SecurityRequirement().addList("adminKey"))
                .addSecurityItem(new SecurityRequirement().addList("adminKeyHeader"));
    }
}
