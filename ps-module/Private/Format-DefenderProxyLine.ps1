function Format-DefenderProxyLine {
    <#
    .SYNOPSIS
    One line for an agent to read: every run of white space (line breaks too) becomes one space, and the line
    stops at 2000 characters (Intune shows the first 2048). Nothing in, $null out.
    .EXAMPLE
    Format-DefenderProxyLine "Drift: 1 difference(s):`n winhttp"
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Position = 0)]
        [AllowEmptyString()]
        [string] $Text
    )

    if (-not $Text) { return $null }
    $line = ($Text -replace '\s+', ' ').Trim()
    if ($line.Length -gt 2000) { $line = $line.Substring(0, 1997) + '...' }
    return $line
}

function Format-DefenderProxyError {
    <#
    .SYNOPSIS
    An error as the fleet summaries show it: "CODE: message" for an error of the executable (its codes are
    upper-case words such as PROXY_ADDRESS_INVALID, the ErrorId of the records Invoke-DefenderProxyCore
    throws), the message alone for any other error.
    .EXAMPLE
    try { Invoke-DefenderProxyCore -Command 'get' -Request @{ product = 'mdx' } } catch { Format-DefenderProxyError -ErrorRecord $_ }
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.ErrorRecord] $ErrorRecord
    )

    $code = ($ErrorRecord.FullyQualifiedErrorId -split ',')[0]
    if ($code -cmatch '^[A-Z][A-Z0-9_]*$') { return '{0}: {1}' -f $code, $ErrorRecord.Exception.Message }
    return $ErrorRecord.Exception.Message
}
