function ConvertTo-ProcessArgumentLine {
    <#
    .SYNOPSIS
    Joins arguments into one command line that the C runtime (CommandLineToArgvW) and .NET on Unix split back into
    the same arguments: ProcessStartInfo has no argument list on Windows PowerShell 5.1 (.NET Framework).
    .DESCRIPTION
    An argument without white space or quotes stays as it is; any other is quoted, with its quotes escaped and the
    backslashes before a quote (or before the closing quote) doubled.
    .EXAMPLE
    ConvertTo-ProcessArgumentLine -Argument 'C:\Program Files\DefenderProxyTools\bin\defenderproxy.exe', 'get'
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowEmptyCollection()]
        [string[]] $Argument = @()
    )

    $quoted = foreach ($item in $Argument) {
        if ($item -and $item -notmatch '[\s"]') {
            $item
            continue
        }
        $escaped = [regex]::Replace($item, '(\\*)"', { param($m) $m.Groups[1].Value + $m.Groups[1].Value + '\"' })
        $escaped = [regex]::Replace($escaped, '(\\+)$', { param($m) $m.Groups[1].Value + $m.Groups[1].Value })
        '"' + $escaped + '"'
    }
    return (@($quoted) -join ' ')
}
