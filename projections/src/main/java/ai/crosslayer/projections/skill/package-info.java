/** The skill catalog: every skill of a tenant, proposed, confirmed or discarded. */
package ai.crosslayer.projections.skill;
