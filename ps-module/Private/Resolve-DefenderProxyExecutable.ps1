function Resolve-DefenderProxyExecutable {
    <#
    .SYNOPSIS
    The program to start for the defenderproxy executable: the import option Executable (run through its Launcher,
    if any), else bin/ beside the module, else dist/ of a source checkout.
    .DESCRIPTION
    Returns FileName (the program to start) and Prefix (the arguments before the command: the executable itself when
    a launcher runs it). The Windows executable is x64; a 32-bit PowerShell (Intune, SCCM) starts it all the same on
    64-bit Windows: file system redirection only affects System32, not the module folder.
    .EXAMPLE
    Resolve-DefenderProxyExecutable
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param()

    $options = $script:ModuleOptions
    if ($options.Executable) {
        if ($options.Launcher.Count -gt 0) {
            return [pscustomobject]@{ FileName = $options.Launcher[0]; Prefix = @($options.Launcher | Select-Object -Skip 1) + @($options.Executable) }
        }
        return [pscustomobject]@{ FileName = $options.Executable; Prefix = @() }
    }

    $onWindows = [System.IO.Path]::DirectorySeparatorChar -eq '\'
    if ($onWindows) {
        if (-not [System.Environment]::Is64BitOperatingSystem) { throw $script:Strings.ExecutableNeeds64Bit }
        $candidates = @(
            (Join-Path $script:ModuleRoot 'bin\defenderproxy.exe'),
            (Join-Path $script:ModuleRoot 'dist\defenderproxy-win-x64.exe')
        )
    }
    else {
        $candidates = @(
            (Join-Path $script:ModuleRoot 'bin/defenderproxy-linux-x64'),
            (Join-Path $script:ModuleRoot 'dist/defenderproxy-linux-x64')
        )
    }
    foreach ($candidate in $candidates) {
        if (Test-Path -LiteralPath $candidate -PathType Leaf) { return [pscustomobject]@{ FileName = $candidate; Prefix = @() } }
    }
    throw ($script:Strings.ExecutableNotFound -f ($candidates -join ', '))
}
