#!/usr/bin/env bash
# The base of CrossLayer's container image, made without a registry or a Docker daemon: a Java runtime cut
# with jlink from the JDK that runs the build, and the C libraries it links against, copied from this
# (Linux, glibc) build machine, plus /etc/passwd naming the unprivileged user the image runs as.
# Jib lays the application over it (ops/pom.xml, profile "image").
#   usage: root.sh <JDK home> <output directory>
set -euo pipefail

jdk=$1
out=$2

fail() {
  echo "image: $*" >&2
  exit 1
}

[ "$(uname -s)" = Linux ] || fail "the image's base is cut from this machine's C libraries: build it on Linux (glibc), not $(uname -s)"
[ "$(uname -m)" = x86_64 ] || fail "the image is linux/amd64 and its base is cut from this machine: build it on x86_64, not $(uname -m)"
case "$(ldd --version 2>&1)" in *GLIBC* | *"GNU libc"*) ;; *) fail "the image's base needs glibc's ldd; this machine has another C library" ;; esac
[ -x "$jdk/bin/jlink" ] || fail "$jdk has no jlink: run Maven with a full JDK (JAVA_HOME)"
[ -d "$jdk/jmods" ] || fail "$jdk has no jmods folder (on Debian or Ubuntu: apt-get install openjdk-17-jmods)"

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp"

# Java SE and the JDK modules a Spring Boot service, Netty and libsodium's JNA binding use.
"$jdk/bin/jlink" --module-path "$jdk/jmods" \
  --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.naming.dns,jdk.net,jdk.zipfs,jdk.jfr,jdk.charsets \
  --strip-debug --no-man-pages --no-header-files \
  --output "$out/opt/java"

# A server has no display: AWT's X11 and splash-screen libraries go (headless AWT stays).
rm -f "$out/opt/java/lib/libawt_xawt.so" "$out/opt/java/lib/libsplashscreen.so" "$out/opt/java/lib/libjawt.so"

# Some JDK builds (Debian's) link the trusted certificates to the system's store: copy the store itself.
if [ -L "$out/opt/java/lib/security/cacerts" ] || [ ! -s "$out/opt/java/lib/security/cacerts" ]; then
  rm -f "$out/opt/java/lib/security/cacerts"
  cp -L "$jdk/lib/security/cacerts" "$out/opt/java/lib/security/cacerts"
fi

# The C libraries of the launcher, the VM and every native library of the runtime, at the paths the
# dynamic loader searches (the loader itself included).
missing=""
while read -r lib; do
  case "$lib" in
    # The VM itself, found through the launcher's run path.
    "not found:libjvm.so") ;;
    "not found:"*) missing="$missing ${lib#not found:}" ;;
    "$out"/*) ;;
    /*) mkdir -p "$out$(dirname "$lib")"; cp -L "$lib" "$out$lib" ;;
  esac
done < <(find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk '/=> not found/ {print "not found:" $1; next} /=> \// {print $3; next} /^\t\// {print $1}' \
  | sort -u)
[ -z "$missing" ] || fail "libraries the runtime needs are not on this machine:$missing"

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
crosslayer:x:65532:65532:CrossLayer:/tmp:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
crosslayer:x:65532:
GROUP
echo "image: base in $out: $(du -sh "$out" | cut -f1) (Java runtime $("$out/opt/java/bin/java" -version 2>&1 | head -1))"
