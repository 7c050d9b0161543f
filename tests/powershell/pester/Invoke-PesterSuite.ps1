# Runs every *.Tests.ps1 beside this file with the Pester module given, and writes the counts as one JSON object to
# -ResultFile for tests/powershell/run-pester.ts (which adds them to npm test's totals). Plain text output: CI logs
# have no colours.
param(
    [Parameter(Mandatory = $true)]
    [string] $PesterModule,

    [Parameter(Mandatory = $true)]
    [string] $ResultFile,

    # Only the test files whose name matches, e.g. 'Fleet' (all by default).
    [string] $Filter = ''
)

$ErrorActionPreference = 'Stop'
# PowerShell 7's $PSStyle, read so that the file still runs on 5.1 (where Pester prints plain text anyway).
$style = Get-Variable -Name 'PSStyle' -ValueOnly -ErrorAction SilentlyContinue
if ($style) { $style.OutputRendering = 'PlainText' }
Import-Module -Name $PesterModule -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter '*.Tests.ps1' | Where-Object { $_.Name -match $Filter } | ForEach-Object { $_.FullName })
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$configuration.Should.ErrorAction = 'Stop'
$result = Invoke-Pester -Configuration $configuration

[ordered]@{
    passed  = $result.PassedCount
    failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    skipped = $result.SkippedCount + $result.NotRunCount
    seconds = [math]::Round($result.Duration.TotalSeconds, 1)
    failures = @($result.Failed | ForEach-Object { $_.ExpandedPath })
} | ConvertTo-Json -Compress | Set-Content -LiteralPath $ResultFile -Encoding utf8
