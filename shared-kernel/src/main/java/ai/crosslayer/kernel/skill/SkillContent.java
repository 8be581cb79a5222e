package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.Bounds;
import ai.crosslayer.kernel.personal.NotPersonalData;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a skill says, in the Agent Skills shape so that it exports as a {@code SKILL.md}: a {@code name} of
 * lowercase letters, digits and hyphens (at most 64 characters, no leading, trailing or double hyphen), a
 * {@code description} of at most 1024 characters, when to use it, its steps, and tags.
 */
public record SkillContent(@NotPersonalData("a skill's name") String name, String description, String whenToUse, List<String> steps, List<String> tags) {

    public static final int MAX_NAME = 64;
    public static final int MAX_DESCRIPTION = 1024;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public SkillContent {
        steps = steps == null ? List.of() : List.copyOf(steps);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * This content, if the skill catalog can store it: the name and description within their lengths, and no NUL
     * anywhere (PostgreSQL's text cannot hold one); else {@link Bounds.Exceeded} naming the field.
     */
    public SkillContent requireWithinBounds() {
        Bounds.required("skill.name", name, MAX_NAME);
        Bounds.required("skill.description", description, MAX_DESCRIPTION);
        Bounds.text("skill.whenToUse", whenToUse, Integer.MAX_VALUE);
        Bounds.eachText("skill.steps", steps, Integer.MAX_VALUE);
        Bounds.eachText("skill.tags", tags, Integer.MAX_VALUE);
        return this;
    }

    /** Why this content is not a valid skill, or empty when it is. */
    public Optional<String> problem() {
        if (name == null || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            return Optional.of("name must be 1-" + MAX_NAME + " lowercase letters, digits and single hyphens");
        }
        if (description == null || description.isBlank() || description.length() > MAX_DESCRIPTION) {
            return Optional.of("description must be 1-" + MAX_DESCRIPTION + " characters");
        }
        if (steps.isEmpty() || steps.stream().anyMatch(step -> step == null || step.isBlank())) {
            return Optional.of("a skill has at least one step, none blank");
        }
        if (tags.stream().anyMatch(java.util.Objects::isNull)) {
            return Optional.of("a skill's tags are text");
        }
        try {
            requireWithinBounds();
        } catch (Bounds.Exceeded e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }
}
