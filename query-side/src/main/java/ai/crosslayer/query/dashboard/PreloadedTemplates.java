package ai.crosslayer.query.dashboard;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.thymeleaf.IEngineConfiguration;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.AbstractConfigurableTemplateResolver;
import org.thymeleaf.templateresource.ITemplateResource;
import org.thymeleaf.templateresource.StringTemplateResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The pages' templates, read from the classpath once at start-up and then served from memory. Thymeleaf's own
 * resolver reads a template (from the jar) the first time it renders it, on whatever thread renders — often a
 * Netty or Reactor parallel thread, which must never block on a file (issue 11.7). Named as Spring Boot's
 * default resolver, which it replaces.
 */
@Component("defaultTemplateResolver")
class PreloadedTemplates extends AbstractConfigurableTemplateResolver {

    private static final String LOCATION = "classpath*:templates/dashboard/*.html";

    private final Map<String, String> templates = new HashMap<>();

    PreloadedTemplates() {
        setTemplateMode(TemplateMode.HTML);
        setCharacterEncoding(StandardCharsets.UTF_8.name());
        setCacheable(true);
        setCheckExistence(true);
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
                templates.put("dashboard/" + resource.getFilename(), resource.getContentAsString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the dashboard's templates", e);
        }
    }

    @Override
    protected ITemplateResource computeTemplateResource(IEngineConfiguration configuration, String ownerTemplate,
                                                        String template, String resourceName, String characterEncoding,
                                                        Map<String, Object> templateResolutionAttributes) {
        String text = templates.get(template + ".html");
        return text == null ? null : new StringTemplateResource(text);
    }
}
