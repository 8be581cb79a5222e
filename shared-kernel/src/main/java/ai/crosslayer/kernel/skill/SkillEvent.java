package ai.crosslayer.kernel.skill;

import ai.crosslayer.kernel.TenantScoped;

/** Everything that happens to a skill. Stored type names are public API: never rename these records. */
public sealed interface SkillEvent extends TenantScoped permits SkillExtracted, SkillCardPosted, SkillConfirmed, SkillDiscarded, SkillDecisionRefused,
        SkillSourceExpired {

    SkillId skillId();
}
