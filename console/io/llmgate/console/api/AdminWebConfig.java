package io.llmgate.console.api;

import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC on the console's web server serves only the admin API, so its JSON converter is the admin API's:
 * snake_case names everywhere, and a request body with a field the endpoint does not know is refused (400 naming
 * it, see {@link AdminErrorHandler}) rather than silently dropped. The application's own ObjectMapper, which the
 * gateway's OpenAI JSON on port 8787 uses, is left as it is: the converter gets a copy.
 */
@Configuration(proxyBeanMethods = false)
public class AdminWebConfig implements WebMvcConfigurer {

    private final AdminScopes scopes;

    public AdminWebConfig(AdminScopes scopes) {
        this.scopes = scopes;
    }

    public static ObjectMapper adminJson(ObjectMapper base) {
        return base.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(scopes);
    }

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> c : converters) {
            if (c instanceof MappingJackson2HttpMessageConverter jackson) {
                jackson.setObjectMapper(adminJson(jackson.getObjectMapper()));
            }
        }
    }
}
