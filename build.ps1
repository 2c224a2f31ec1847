#!/usr/bin/env pwsh
# Convenience wrapper for contributors on Windows/macOS with PowerShell: it only calls `dotnet`.
# CI does not use it (it runs .ci/run); keep it a thin mirror of the README's commands.
[CmdletBinding()]
param(
    [ValidateSet('Restore', 'Build', 'Test', 'Pack', 'All')]
    [string] $Target = 'All',
    [string] $Configuration = 'Release',
    [string] $VersionSuffix = ''
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
    $packArgs = @('pack', 'src/OvhIkvm.Tool/OvhIkvm.Tool.csproj', '-c', $Configuration, '-o', 'artifacts/nupkg')
    if ($VersionSuffix) { $packArgs += "-p:VersionSuffix=$VersionSuffix" }
    Invoke-Dotnet @packArgs
}
