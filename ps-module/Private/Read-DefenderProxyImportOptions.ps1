function Read-DefenderProxyImportOptions {
    <#
    .SYNOPSIS
    Checks the module's import options (Import-Module DefenderProxyTools -ArgumentList @{ ... }) and returns them as
    the module keeps them: Executable (a file to run instead of the bundled executable), Launcher (a program and its
    arguments that run it, e.g. 'wine'), Connectivity (request fields added to the connectivity test of
    Test-DefenderProxyCompliance, e.g. a test CA as trustedRoots).
    .DESCRIPTION
    For labs and tests. The options come only from the importing script, never from the environment, so no setting
    of the machine or of a user can redirect a script that SYSTEM runs.
    .EXAMPLE
    Read-DefenderProxyImportOptions -Options @{ Executable = '/opt/defenderproxy/defenderproxy-win-x64.exe'; Launcher = 'wine' }
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [AllowNull()]
        [System.Collections.IDictionary] $Options
    )

    $read = [pscustomobject]@{ Executable = $null; Launcher = @(); Connectivity = $null }
    if (-not $Options) { return $read }
    foreach ($key in $Options.Keys) {
        if (@('Executable', 'Launcher', 'Connectivity') -notcontains $key) { throw ($script:Strings.ImportOptionUnknown -f $key) }
    }
    if ($Options['Executable']) {
        $path = [string] $Options['Executable']
        if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { throw ($script:Strings.ImportExecutableMissing -f $path) }
        $read.Executable = (Resolve-Path -LiteralPath $path).ProviderPath
    }
    if ($Options['Launcher']) { $read.Launcher = [string[]] @($Options['Launcher']) }
    if ($Options['Connectivity']) { $read.Connectivity = $Options['Connectivity'] }
    return $read
}
