package ai.crosslayer.ops.testing;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import javax.sql.DataSource;

/** The service's migrations, from the very locations its application.yml names. */
public final class ServiceSchema {

    private ServiceSchema() {
    }

    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations(locations()).load();
    }

    static String[] locations() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject().getProperty("spring.flyway.locations").split(",");
    }
}
