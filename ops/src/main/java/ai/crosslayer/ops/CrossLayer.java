package ai.crosslayer.ops;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * {@code java -jar ops/target/crosslayer.jar}: the CrossLayer service; with a command
 * ({@code audit ...}, {@code keys ...}), an operator command (see {@link OperatorCommands}).
 */
@SpringBootApplication(scanBasePackages = "ai.crosslayer")
@ConfigurationPropertiesScan("ai.crosslayer")
public class CrossLayer {

    public static void main(String[] args) {
        // Axon's update checker phones home, and its console banner is noise in a service's log.
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        // jOOQ's logo and "tip of the day" are noise in a service's log too.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        if (OperatorCommands.isCommand(args)) {
            System.exit(new OperatorCommands(System.out, System.err).run(args));
        }
        SpringApplication application = new SpringApplication(CrossLayer.class);
        StartupProgress progress = new StartupProgress();
        application.setApplicationStartup(progress);
        application.addListeners(progress);
        application.run(args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
