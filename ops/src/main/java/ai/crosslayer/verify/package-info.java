/**
 * The standalone verifier an auditor runs alone (issue 15.7): the JDK and nothing else — no Spring, no
 * database driver, none of the service's classes — written from the README's canonical forms, so that it
 * is also a second, independent reading of them. Packaged as {@code ops/target/crosslayer-verifier.jar}.
 */
package ai.crosslayer.verify;
