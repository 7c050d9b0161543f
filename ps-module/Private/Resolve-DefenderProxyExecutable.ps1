function Resolve-DefenderProxyExecutable {
    <#
    .SYNOPSIS
    Finds the defenderproxy executable: $env:DEFENDERPROXY_EXE, else bin/ beside the module, else dist/ of a
    source checkout.
    .DESCRIPTION
    The Windows executable is x64. A 32-bit PowerShell (Intune, SCCM) starts it all the same on 64-bit Windows:
    file system redirection only affects System32, not the module folder.
    .EXAMPLE
    & (Resolve-DefenderProxyExecutable) --version
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    if ($env:DEFENDERPROXY_EXE) {
        if (Test-Path -LiteralPath $env:DEFENDERPROXY_EXE -PathType Leaf) {
            return $env:DEFENDERPROXY_EXE
        }
        throw "DEFENDERPROXY_EXE names $($env:DEFENDERPROXY_EXE), which does not exist."
    }

    $onWindows = [System.IO.Path]::DirectorySeparatorChar -eq '\'
    if ($onWindows) {
        if (-not [System.Environment]::Is64BitOperatingSystem) {
            throw 'defenderproxy.exe is a 64-bit program and needs 64-bit Windows.'
        }
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
        if (Test-Path -LiteralPath $candidate -PathType Leaf) {
            return $candidate
        }
    }
    throw ('The defenderproxy executable was not found. Looked for: {0}' -f ($candidates -join ', '))
}
