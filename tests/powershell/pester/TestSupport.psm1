# Helpers shared by the Pester files: where the repository is, fresh copies of the example machine images, a hash of
# an image to prove it unchanged, and the module imported the way a test needs it. Nothing here reads or changes the
# machine the tests run on.

$script:RepositoryRoot = (Resolve-Path -LiteralPath (Join-Path (Join-Path $PSScriptRoot '..') (Join-Path '..' '..'))).Path

function Get-ScratchRoot {
    <#
    .SYNOPSIS
    Pester's TestDrive while a test file runs (removed after it), else the temporary folder.
    .EXAMPLE
    Join-Path (Get-ScratchRoot) 'image'
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $drive = Get-PSDrive -Name TestDrive -ErrorAction SilentlyContinue
    if ($drive) { return $drive.Root }
    return [System.IO.Path]::GetTempPath()
}

function Get-RepositoryRoot {
    <#
    .SYNOPSIS
    The checkout's root folder (where DefenderProxyTools.psd1 is).
    .EXAMPLE
    Join-Path (Get-RepositoryRoot) 'examples'
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    return $script:RepositoryRoot
}

function Import-DefenderProxyTools {
    <#
    .SYNOPSIS
    Imports the checkout's module afresh, with the import options of the module (-ArgumentList) when given.
    .EXAMPLE
    Import-DefenderProxyTools -Options @{ Executable = '/tmp/stand-in' }
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [System.Collections.IDictionary] $Options
    )
    $manifest = Join-Path $script:RepositoryRoot 'DefenderProxyTools.psd1'
    if ($Options) {
        Import-Module -Name $manifest -Force -Global -ArgumentList $Options
    }
    else {
        Import-Module -Name $manifest -Force -Global
    }
}

function New-TestImage {
    <#
    .SYNOPSIS
    A fresh copy of examples/<Name> in a new temporary folder; returns its path.
    .EXAMPLE
    $image = New-TestImage
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [string] $Name = 'dc01'
    )
    $parent = Join-Path (Get-ScratchRoot) ('image-' + [System.Guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $parent
    Copy-Item -LiteralPath (Join-Path (Join-Path $script:RepositoryRoot 'examples') $Name) -Destination $parent -Recurse
    return (Join-Path $parent $Name)
}

function Get-ImageHash {
    <#
    .SYNOPSIS
    One SHA-256 over every file of an image (names and contents, backups included): equal hashes, equal images.
    .EXAMPLE
    Get-ImageHash -Image $image
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [string] $Image
    )
    $lines = Get-ChildItem -LiteralPath $Image -Recurse -File -Force | Sort-Object -Property FullName | ForEach-Object {
        '{0} {1}' -f $_.FullName.Substring($Image.Length), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
    }
    return ($lines -join "`n")
}

function Set-SensorService {
    <#
    .SYNOPSIS
    Changes one service of an image's services.json, e.g. makes AATPSensor fail to start again.
    .EXAMPLE
    Set-SensorService -Image $image -Name AATPSensor -Property @{ failsToStart = $true }
    #>
    [CmdletBinding(SupportsShouldProcess = $true)]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true)]
        [string] $Image,

        [Parameter(Mandatory = $true)]
        [string] $Name,

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary] $Property
    )
    $file = Join-Path $Image 'services.json'
    $services = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json
    foreach ($key in $Property.Keys) {
        $services.$Name | Add-Member -NotePropertyName $key -NotePropertyValue $Property[$key] -Force
    }
    if ($PSCmdlet.ShouldProcess($file)) {
        [System.IO.File]::WriteAllText($file, ($services | ConvertTo-Json -Depth 5))
    }
}

function New-StandInExecutable {
    <#
    .SYNOPSIS
    A shell script standing in for the executable, for failures the real one cannot show on Linux (Node refusing an
    old Windows). Returns its path; -Mode sets its file mode (e.g. 644: not executable).
    .EXAMPLE
    New-StandInExecutable -Script 'echo boom >&2; exit 216'
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [string] $Script,

        [string] $Mode = '755'
    )
    $path = Join-Path (Get-ScratchRoot) ('stand-in-' + [System.Guid]::NewGuid().ToString('n'))
    [System.IO.File]::WriteAllText($path, "#!/bin/sh`n$Script`n")
    & chmod $Mode $path
    return $path
}

function Get-TestPwsh {
    <#
    .SYNOPSIS
    The pwsh to start child shells with: the project's (.tools/pwsh, from build/setup.sh), else the one on PATH.
    .EXAMPLE
    & (Get-TestPwsh) -NoProfile -Command '$PSVersionTable'
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $local = Join-Path (Join-Path (Join-Path $script:RepositoryRoot '.tools') 'pwsh') 'pwsh'
    if (Test-Path -LiteralPath $local -PathType Leaf) { return $local }
    return (Get-Command -Name pwsh -CommandType Application | Select-Object -First 1).Source
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
    Runs a script in a new, non-interactive pwsh with the checkout's module imported, and returns its exit code,
    its standard output lines and its standard error text: what a host shows (-WhatIf lines) and what an agent
    reads.
    .EXAMPLE
    Invoke-ChildPwsh -Script 'Set-MDIProxy -ProxyUrl http://p:1 -WhatIf'
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory = $true)]
        [string] $Script,

        # Without it the module is not imported (for scripts that import it themselves).
        [switch] $NoImport,

        # A script file to run with -File instead of -Command.
        [string] $File
    )
    $scratch = Join-Path ([System.IO.Path]::GetTempPath()) ('dp-child-' + [System.Guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $scratch
    try {
        $arguments = @('-NoProfile', '-NonInteractive')
        if ($File) {
            $arguments += @('-File', $File)
        }
        else {
            $prefix = ''
            if (-not $NoImport) { $prefix = "Import-Module -Name '{0}' -Force`n" -f (Join-Path $script:RepositoryRoot 'DefenderProxyTools.psd1') }
            $scriptFile = Join-Path $scratch 'script.ps1'
            [System.IO.File]::WriteAllText($scriptFile, $prefix + $Script)
            $arguments += @('-File', $scriptFile)
        }
        $stdoutFile = Join-Path $scratch 'stdout.txt'
        $stderrFile = Join-Path $scratch 'stderr.txt'
        $process = Start-Process -FilePath (Get-TestPwsh) -ArgumentList $arguments -NoNewWindow -Wait -PassThru -RedirectStandardOutput $stdoutFile -RedirectStandardError $stderrFile
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            Stdout   = @([System.IO.File]::ReadAllLines($stdoutFile))
            Stderr   = [System.IO.File]::ReadAllText($stderrFile)
        }
    }
    finally {
        Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function @('Get-ScratchRoot', 'Get-TestPwsh', 'Invoke-ChildPwsh', 'Get-RepositoryRoot', 'Import-DefenderProxyTools', 'New-TestImage', 'Get-ImageHash', 'Set-SensorService', 'New-StandInExecutable')
