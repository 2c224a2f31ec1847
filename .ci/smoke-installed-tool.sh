#!/usr/bin/env bash
# Packs every tool package (the ovh-ikvm-mcp pointer, one package per runtime, and the framework-dependent `any`),
# installs from the local folder as a user would from the gallery: the pointer into one --tool-path, where the SDK
# picks the linux-x64 Native AOT package, and ovh-ikvm-mcp.any into another. Each installed executable is driven with
# the official MCP TypeScript SDK client from npm; the Native AOT one also runs every CLI command, and the
# linux-arm64 Native AOT binary runs the demo under qemu-user.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nupkg="$work/nupkg"
version=$(sed -n 's|.*<VersionPrefix>\(.*\)</VersionPrefix>.*|\1|p' nupkg.props)
failed=0
fail() { echo "FAIL $*"; failed=1; }
ok() { echo "ok   $*"; }
# grep reads all it is given (no -q): under pipefail, unzip killed by SIGPIPE would fail the check.
has_entry() { unzip -Z1 "$nupkg/$1.$version.nupkg" | grep -x "$2" >/dev/null; }

started=$SECONDS
# The pointer carries no program. Each runtime's package is its own pack: Native AOT cannot build for another OS, so
# the SDK leaves the loop to us. osx and win packages are ReadyToRun, compiled here by crossgen2.
dotnet pack src/OvhIkvm.Tool/OvhIkvm.Tool.csproj -c Release -o "$nupkg"
for rid in linux-x64 linux-arm64 linux-musl-x64 osx-arm64 osx-x64 win-x64 any; do
  # The SDK packs the publish folder whole: a file left there by an earlier pack would ship.
  rm -rf "src/OvhIkvm.Tool/bin/Release/net10.0/$rid/publish"
  rid_started=$SECONDS
  dotnet pack src/OvhIkvm.Tool/OvhIkvm.Tool.csproj -c Release -r "$rid" -o "$nupkg" >"$work/pack-$rid.log" 2>&1 \
    || { tail -30 "$work/pack-$rid.log"; echo "packing $rid failed"; exit 1; }
  echo "packed ovh-ikvm-mcp.$rid in $((SECONDS - rid_started)) s"
done
echo "packed every package in $((SECONDS - started)) s:"
ls -l "$nupkg"

# What each package holds.
pointer_settings=$(unzip -p "$nupkg/ovh-ikvm-mcp.$version.nupkg" tools/any/any/DotnetToolSettings.xml)
for rid in linux-x64 linux-arm64 linux-musl-x64 osx-arm64 osx-x64 win-x64 any; do
  grep -q "RuntimeIdentifier=\"$rid\" Id=\"ovh-ikvm-mcp.$rid\"" <<<"$pointer_settings" && ok "pointer names ovh-ikvm-mcp.$rid" || fail "pointer does not name ovh-ikvm-mcp.$rid"
done
has_entry ovh-ikvm-mcp .mcp/server.json && has_entry ovh-ikvm-mcp README.md && ok "pointer carries server.json and README.md" || fail "pointer lacks server.json or README.md"
[ "$(unzip -Z1 "$nupkg/ovh-ikvm-mcp.$version.nupkg" | grep -c '\.dll$' || true)" = 0 ] && ok "pointer carries no program" || fail "pointer carries a program"
for rid in linux-x64 linux-arm64; do
  has_entry "ovh-ikvm-mcp.$rid" "tools/any/$rid/ovh-ikvm-mcp" && unzip -p "$nupkg/ovh-ikvm-mcp.$rid.$version.nupkg" "tools/any/$rid/DotnetToolSettings.xml" | grep 'Runner="executable"' >/dev/null \
    && ok "ovh-ikvm-mcp.$rid: one native executable" || fail "ovh-ikvm-mcp.$rid: no native executable"
  stray=$(unzip -Z1 "$nupkg/ovh-ikvm-mcp.$rid.$version.nupkg" | grep -E '\.(dll|pdb|dbg)$|ovh-ikvm-mcp\.xml$' || true)
  [ -z "$stray" ] && ok "ovh-ikvm-mcp.$rid: no assemblies, symbols or API docs" || fail "ovh-ikvm-mcp.$rid ships $stray"
done
for rid in linux-musl-x64 osx-arm64 osx-x64 win-x64 any; do
  has_entry "ovh-ikvm-mcp.$rid" "tools/net10.0/$rid/ovh-ikvm-mcp.dll" && ok "ovh-ikvm-mcp.$rid: the framework-dependent program" || fail "ovh-ikvm-mcp.$rid: no ovh-ikvm-mcp.dll"
done

# Installed as users do: the pointer resolves to this machine's runtime package; `any` only when asked for by name.
native="$work/tools-native"
jit="$work/tools-any"
dotnet tool install ovh-ikvm-mcp --tool-path "$native" --add-source "$nupkg" --version "$version"
dotnet tool install ovh-ikvm-mcp.any --tool-path "$jit" --add-source "$nupkg" --version "$version"
case "$(readlink -f "$native/ovh-ikvm-mcp")" in
  */ovh-ikvm-mcp.linux-x64/*/tools/any/linux-x64/ovh-ikvm-mcp) ok "dotnet tool install ovh-ikvm-mcp picked the linux-x64 Native AOT package" ;;
  *) fail "dotnet tool install ovh-ikvm-mcp installed $(readlink -f "$native/ovh-ikvm-mcp")" ;;
esac
[ -f "$(find "$jit/.store" -path '*/ovh-ikvm-mcp.any/*/tools/net10.0/any/ovh-ikvm-mcp.dll' | head -1)" ] \
  && ok "dotnet tool install ovh-ikvm-mcp.any installed the framework-dependent program" || fail "ovh-ikvm-mcp.any did not install its dll"
# dnx keeps what it fetches in NuGet's package folder, which never refreshes a version it has: a folder of its own
# makes it take the packages packed here, and shows which it took.
dnx_packages="$work/dnx-packages"
NUGET_PACKAGES="$dnx_packages" dotnet dnx ovh-ikvm-mcp --add-source "$nupkg" --version "$version" --yes -- --version
[ -d "$dnx_packages/ovh-ikvm-mcp.linux-x64" ] && [ ! -d "$dnx_packages/ovh-ikvm-mcp.any" ] \
  && ok "dnx ovh-ikvm-mcp ran the linux-x64 Native AOT package" || fail "dnx ovh-ikvm-mcp fetched: $(ls "$dnx_packages")"
"$native/ovh-ikvm-mcp" --version
"$jit/ovh-ikvm-mcp" --version

(cd .ci/mcp-client && npm ci --no-audit --no-fund --loglevel=error)
for tool in "$native/ovh-ikvm-mcp" "$jit/ovh-ikvm-mcp"; do
  echo "--- MCP client scenarios against $tool"
  node .ci/mcp-client/smoke.mjs "$tool" unconfigured
  node .ci/mcp-client/smoke.mjs "$tool" demo
  node .ci/mcp-client/smoke.mjs "$tool" qemu
  node .ci/mcp-client/http-smoke.mjs "$tool"
done
echo "--- every command of the Native AOT executable"
node .ci/mcp-client/cli-smoke.mjs "$native/ovh-ikvm-mcp"

echo "--- the linux-arm64 Native AOT executable, emulated by qemu-user"
arm64="$work/arm64"
mkdir -p "$arm64" && unzip -q "$nupkg/ovh-ikvm-mcp.linux-arm64.$version.nupkg" 'tools/*' -d "$arm64"
chmod +x "$arm64/tools/any/linux-arm64/ovh-ikvm-mcp"
if qemu-aarch64 -L / "$arm64/tools/any/linux-arm64/ovh-ikvm-mcp" demo -o "$arm64/demo" >"$arm64/demo.log" 2>&1 \
  && [ "$(find "$arm64/demo" -name '*.png' | wc -l)" = 5 ]; then
  ok "linux-arm64: demo wrote five screenshots"
else
  cat "$arm64/demo.log"; fail "linux-arm64: demo failed"
fi

echo "packaging and smoke took $((SECONDS - started)) s"
[ "$failed" = 0 ] || { echo "package checks failed"; exit 1; }
