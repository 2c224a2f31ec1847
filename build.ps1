#!/usr/bin/env pwsh
# Convenience wrapper for contributors on Windows/macOS with PowerShell: it only calls `dotnet`.
# CI does not use it (it runs .ci/run); keep it a thin mirror of the README's commands.
#
# Pack makes the tool's packages (README, "Release"): the pointer package ovh-ikvm-mcp, which carries no program,
# and one package per runtime, all of one version. Native AOT cannot compile for another OS, so linux-x64 and
# linux-arm64 (Native AOT; clang, and gcc-aarch64-linux-gnu for arm64) come from Linux; the ReadyToRun packages
# (linux-musl-x64, osx-arm64, osx-x64, win-x64) and `any` come from any OS. A Linux x64 machine therefore packs
# all of them, and a release publishes every package it made together.
[CmdletBinding()]
param(
    [ValidateSet('Restore', 'Build', 'Test', 'Pack', 'All')]
    [string] $Target = 'All',
    [string] $Configuration = 'Release',
    [string] $VersionSuffix = '',
    # The runtime packages to pack (default: every one this OS can build).
    [string[]] $Runtimes = @()
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

if ($Target -in 'Restore', 'All') { Invoke-Dotnet restore OvhIkvm.Tool.sln }
if ($Target -in 'Build', 'All')   { Invoke-Dotnet build OvhIkvm.Tool.sln -c $Configuration --no-restore }
if ($Target -in 'Test', 'All')    { Invoke-Dotnet test OvhIkvm.Tool.sln -c $Configuration --no-build }
if ($Target -in 'Pack', 'All') {
    if ($Runtimes.Count -eq 0) {
        $Runtimes = @('linux-musl-x64', 'osx-arm64', 'osx-x64', 'win-x64', 'any')
        if ($IsLinux) { $Runtimes = @('linux-x64', 'linux-arm64') + $Runtimes }
        else { Write-Warning 'linux-x64 and linux-arm64 are Native AOT and pack only on Linux: a release needs them from a Linux machine.' }
    }

    $project = 'src/OvhIkvm.Tool/OvhIkvm.Tool.csproj'
    $common = @('-c', $Configuration, '-o', 'artifacts/nupkg')
    if ($VersionSuffix) { $common += "-p:VersionSuffix=$VersionSuffix" }
    Invoke-Dotnet pack $project @common
    foreach ($rid in $Runtimes) {
        # The SDK packs the publish folder whole: a file left there by an earlier pack would ship.
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue "src/OvhIkvm.Tool/bin/$Configuration/net10.0/$rid/publish"
        Invoke-Dotnet pack $project -r $rid @common
    }
}
