package ai.crosslayer.query.skill;

import ai.crosslayer.kernel.skill.SkillContent;
import ai.crosslayer.kernel.skill.SkillView;

/**
 * A skill as an Agent Skills {@code SKILL.md}: YAML front matter with {@code name} and {@code description}
 * (double-quoted, so any character is safe), then the skill in Markdown.
 */
final class SkillMarkdown {

    private SkillMarkdown() {
    }

    static String of(SkillView view) {
        SkillContent skill = view.skill();
        StringBuilder md = new StringBuilder()
                .append("---\n")
                .append("name: ").append(skill.name()).append('\n')
                .append("description: ").append(quoted(skill.description())).append('\n')
                .append("---\n\n")
                .append("# ").append(skill.name()).append("\n\n")
                .append(skill.description().strip()).append("\n\n");
        if (skill.whenToUse() != null && !skill.whenToUse().isBlank()) {
            md.append("## When to use\n\n").append(skill.whenToUse().strip()).append("\n\n");
        }
        md.append("## Steps\n\n");
        for (int i = 0; i < skill.steps().size(); i++) {
            md.append(i + 1).append(". ").append(skill.steps().get(i).strip()).append('\n');
        }
        if (!skill.tags().isEmpty()) {
            md.append("\nTags: ").append(String.join(", ", skill.tags())).append('\n');
        }
        if (view.source().permalink() != null) {
            md.append("\nSource: ").append(view.source().permalink()).append('\n');
        }
        return md.toString();
    }

    /** A YAML double-quoted scalar: backslash, quote and control characters escaped. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
