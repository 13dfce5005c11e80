#!/usr/bin/env bash
# Self-contained, single-file builds of `ferry` (the server and every command in one executable that needs no .NET
# installed): ReadyToRun-compiled for a fast start, not trimmed (ASP.NET Core, EF Core and System.Text.Json
# reflection are not trim-safe, and no test proves a trimmed Ferry right).
#
#   build/publish.sh                 linux-x64, linux-arm64, osx-arm64 and win-x64
#   build/publish.sh linux-x64 ...   only these platforms
#
# Each lands in artifacts/dist/<platform>/: `ferry` (`ferry.exe` on Windows) and the default appsettings.json.
set -euo pipefail
cd "$(dirname "$0")/.."

platforms=("$@")
[ "${#platforms[@]}" -gt 0 ] || platforms=(linux-x64 linux-arm64 osx-arm64 win-x64)

for rid in "${platforms[@]}"; do
  case "$rid" in
    linux-x64|linux-arm64|osx-arm64|win-x64) ;;
    *) echo "build/publish.sh: unknown platform '$rid' (linux-x64, linux-arm64, osx-arm64, win-x64)" >&2; exit 2 ;;
  esac
  out="artifacts/dist/$rid"
  rm -rf "$out"
  echo "== ferry for $rid -> $out"
  dotnet publish src/Ferry.Cli -c Release -r "$rid" --self-contained -o "$out" \
    -p:PublishSingleFile=true -p:PublishReadyToRun=true -p:IncludeNativeLibrariesForSelfExtract=true \
    -p:DebugType=none -p:PackAsTool=false --nologo -v quiet
  ls -l "$out"
done
