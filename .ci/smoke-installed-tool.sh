#!/usr/bin/env bash
# Packs the tool, installs the package into a temporary --tool-path from the local folder (as a user would from
# the gallery), and drives the installed executable with the official MCP TypeScript SDK client from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet pack src/OvhIkvm.Tool/OvhIkvm.Tool.csproj -c Release --no-build -o "$work/nupkg"
version=$(sed -n 's|.*<VersionPrefix>\(.*\)</VersionPrefix>.*|\1|p' nupkg.props)
unzip -l "$work/nupkg/ovh-ikvm-mcp.$version.nupkg" | grep -E '\.mcp/server\.json|README\.md|DotnetToolSettings\.xml' \
  || { echo "the package lacks server.json, README.md or the tool settings"; exit 1; }
dotnet tool install ovh-ikvm-mcp --tool-path "$work/tools" --add-source "$work/nupkg" --version "$version"
"$work/tools/ovh-ikvm-mcp" --version

(cd .ci/mcp-client && npm ci --no-audit --no-fund --loglevel=error)
node .ci/mcp-client/smoke.mjs "$work/tools/ovh-ikvm-mcp" unconfigured
node .ci/mcp-client/smoke.mjs "$work/tools/ovh-ikvm-mcp" demo
node .ci/mcp-client/smoke.mjs "$work/tools/ovh-ikvm-mcp" qemu
node .ci/mcp-client/http-smoke.mjs "$work/tools/ovh-ikvm-mcp"
