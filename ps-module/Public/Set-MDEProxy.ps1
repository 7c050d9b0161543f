function Set-MDEProxy {
    <#
    .SYNOPSIS
    Sets the static proxy of Defender for Endpoint: the EDR sensor's telemetry proxy and Defender Antivirus' proxy,
    and with -IncludeWinHttp the WinHTTP machine proxy.
    .DESCRIPTION
    The telemetry and Antivirus proxies by default; the machine-wide WinHTTP proxy only when named. The telemetry value is written without a
    scheme (host:port) together with DisableEnterpriseAuthProxy = 1; the Antivirus value with http://; WinHTTP as
    `netsh winhttp set proxy` would. -WhatIf and -Confirm list every value that changes. The WinHTTP proxy is the
    machine's, for every service, so it asks first (ConfirmImpact High): pass -Confirm:$false in scripts.
    .PARAMETER ProxyServer
    The proxy as host:port (proxy.contoso.com:8080) or as a URL (http://proxy.contoso.com:8080).
    .PARAMETER Component
    Telemetry (EDR sensor), Antivirus (Defender Antivirus policy), WinHttp (machine proxy). Telemetry and Antivirus
    by default.
    .PARAMETER IncludeWinHttp
    Also the WinHTTP machine proxy. It is left alone by default: it is machine-wide, for every WinHTTP application
    and Windows service, and netsh-style settings malfunction on laptops that change topology (Microsoft's
    documentation prefers the registry static proxy for Defender for Endpoint).
    .PARAMETER BypassList
    Hosts that bypass the proxy; <local> stands for names without a dot.
    .PARAMETER PacUrl
    URL of a proxy auto-config file, for Defender Antivirus.
    .PARAMETER MachineImage
    Folder of an offline machine image to change instead of this machine.
    .PARAMETER PassThru
    Return the change result.
    .EXAMPLE
    Set-MDEProxy -ProxyServer proxy.contoso.com:8080 -BypassList '<local>', '*.contoso.com' -WhatIf
    .EXAMPLE
    Set-MDEProxy proxy.contoso.com:8080 -IncludeWinHttp -PassThru
    .OUTPUTS
    DefenderProxyTools.ChangeResult
    .LINK
    Clear-MDEProxy
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    [OutputType('DefenderProxyTools.ChangeResult')]
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string] $ProxyServer,

        [ValidateSet('Telemetry', 'Antivirus', 'WinHttp')]
        [string[]] $Component = @('Telemetry', 'Antivirus'),

        [switch] $IncludeWinHttp,

        [string[]] $BypassList,

        [string] $PacUrl,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [string] $MachineImage,

        [switch] $PassThru
    )

    process {
        $call = New-DefenderProxyRequest -Cmdlet $PSCmdlet
        try {
            Invoke-DefenderProxyChange -Cmdlet $PSCmdlet -Call $call -Caption ($script:Strings.SetMdeProxyCaption -f $ProxyServer) -PassThru:$PassThru
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
    }
}
