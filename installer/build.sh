#!/usr/bin/env bash
# Builds a self-contained app image of the workbench with jpackage (its own Java runtime, the GUI
# launcher `nsw-workbench` and the CLI launcher `nsw`), then checks it with --smoke_test.
#
#   installer/build.sh            app image in target/installer/nsw-workbench
#   installer/build.sh --deb      also a .deb package (needs fakeroot and dpkg-deb)
#   installer/build.sh --no-check skip the smoke test
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_deb=0; check=1
for a in "$@"; do
  case "$a" in
    --deb) want_deb=1 ;;
    --no-check) check=0 ;;
    *) echo "usage: installer/build.sh [--deb] [--no-check]" >&2; exit 2 ;;
  esac
done

# Reuse the launcher's JDK discovery: `./nsw --version` exits early once it has found a JDK 25.
jdk="$(NSW_PRINT_JDK=1 "$root/nsw")"
jpackage="$jdk/bin/jpackage"
[ -x "$jpackage" ] || { echo "installer: $jpackage not found (a full JDK 25 is needed)" >&2; exit 1; }

out="$root/target/installer"
stage="$out/input"
rm -rf "$out"
mkdir -p "$stage"
echo "installer: building the jar and collecting its dependencies..." >&2
(cd "$root" && JAVA_HOME="$jdk" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
  mvn -B -q -Dstyle.color=never -DskipTests package dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$stage")
cp "$root/target/nsw-"*.jar "$stage/nsw.jar"
mkdir -p "$out/app-content"
cp -r "$root/sample-data" "$out/app-content/sample-data"

version="$(sed -n 's:.*<version>\([0-9][0-9.]*\)\(-SNAPSHOT\)\{0,1\}</version>.*:\1:p' "$root/pom.xml" | head -n1)"
java_options=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -Dai.djl.offline=true '-DDJL_CACHE_DIR=$HOME/.cache/nsw/djl' '-DENGINE_CACHE_DIR=$HOME/.cache/nsw/djl'
  '-Dnsw.home=$APPDIR/sample-home' -Xss4m)
opts=()
for o in "${java_options[@]}"; do opts+=(--java-options "$o"); done
# the window's heap cap (installer/workbench.jvm-options, as ./nsw gui); the CLI launcher keeps the JVM's default
for o in $(grep -v -e '^#' -e '^$' "$root/installer/workbench.jvm-options"); do opts+=(--java-options "$o"); done

cat > "$out/nsw-cli.properties" <<PROPS
launcher-as-service=false
win-console=true
java-options=${java_options[*]}
PROPS

echo "installer: jpackage app image..." >&2
"$jpackage" --type app-image --dest "$out" --name nsw-workbench --app-version "$version" \
  --input "$stage" --main-jar nsw.jar --main-class dev.nsw.Main \
  --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,java.xml,jdk.incubator.vector,jdk.unsupported,jdk.zipfs,jdk.management \
  --app-content "$out/app-content/sample-data" \
  --add-launcher nsw="$out/nsw-cli.properties" \
  "${opts[@]}" 2> >(grep -v "jmods" >&2)

image="$out/nsw-workbench"
# The sample data is the app's first-start workspace: put it where -Dnsw.home points.
mkdir -p "$image/lib/app/sample-home"
mv "$image/lib/app/sample-data" "$image/lib/app/sample-home/sample-data" 2>/dev/null || cp -r "$root/sample-data" "$image/lib/app/sample-home/"
echo "installer: app image $image ($(du -sh "$image" | cut -f1))" >&2

if [ "$want_deb" = 1 ]; then
  "$jpackage" --type deb --dest "$out" --app-image "$image" --name nsw-workbench --app-version "$version" \
    --linux-shortcut --linux-menu-group Development
  ls -1 "$out"/*.deb >&2
fi

if [ "$check" = 1 ]; then
  echo "installer: smoke test of the image..." >&2
  "$image/bin/nsw" --version
  if [ -n "${DISPLAY:-}" ]; then
    "$image/bin/nsw-workbench" gui --smoke_test
  elif command -v xvfb-run >/dev/null 2>&1; then
    xvfb-run -a -s "-screen 0 1280x800x24" "$image/bin/nsw-workbench" gui --smoke_test
  else
    JAVA_TOOL_OPTIONS="-Dglass.platform=Headless -Dprism.order=sw" "$image/bin/nsw-workbench" gui --smoke_test
  fi
  echo "installer: smoke test passed" >&2
fi
