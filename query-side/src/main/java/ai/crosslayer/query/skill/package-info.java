/** The skill catalog for the dashboard: {@code GET /api/skills}, one skill, and its {@code SKILL.md} export. */
package ai.crosslayer.query.skill;
