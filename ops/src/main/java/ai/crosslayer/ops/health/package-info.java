/** Health of the outside services CrossLayer depends on, as {@code /actuator/health} components. */
package ai.crosslayer.ops.health;
