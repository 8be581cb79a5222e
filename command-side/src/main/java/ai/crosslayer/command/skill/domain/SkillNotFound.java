package ai.crosslayer.command.skill.domain;

/** No skill of the caller's tenant has this id (another tenant's skill is reported the same way). */
public class SkillNotFound extends RuntimeException {

    public SkillNotFound() {
        super("No skill of this account has that id.");
    }
}
