function New-DefenderProxyRequest {
    <#
    .SYNOPSIS
    The call a public cmdlet makes, from its declaration in DefenderProxyTools.requests.json: the command, the
    request built from the cmdlet's parameters (bound or default, of the parameter set in use), and the credential
    with where its user name and password go. Call it from the cmdlet itself: the values are read from the scope
    that calls it.
    .DESCRIPTION
    The rules of the declaration file are listed in its $comment. Nothing else decides what a cmdlet sends:
    tests/powershell/request-fields.test.ts checks the same file against the executable's JSON Schema.
    .EXAMPLE
    $call = New-DefenderProxyRequest -Cmdlet $PSCmdlet
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        # The public cmdlet whose parameters fill the request.
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        # The declaration to use; the cmdlet's own by default.
        [string] $Name = $Cmdlet.MyInvocation.MyCommand.Name
    )

    $declaration = $script:RequestMap.$Name
    $call = [pscustomobject]@{ Command = $declaration.command; Request = [ordered]@{}; Credential = $null; CredentialPath = 'proxy' }
    foreach ($fixed in $declaration.request.PSObject.Properties) { Add-DefenderProxyRequestField -Request $call.Request -Field $fixed.Name -Value $fixed.Value }

    # Switches that add a value to another parameter (-IncludeWinHttp puts WinHttp into -Component), read first.
    $added = @{}
    foreach ($entry in $declaration.parameters.PSObject.Properties) {
        if (-not $entry.Value.PSObject.Properties['addValue'] -or -not (Test-DefenderProxyParameterInSet -Cmdlet $Cmdlet -Name $entry.Name)) { continue }
        if (-not (Get-Variable -Name $entry.Name -Scope 1 -ValueOnly).IsPresent) { continue }
        foreach ($target in $entry.Value.addValue.PSObject.Properties) { $added[$target.Name] = $target.Value }
    }

    foreach ($entry in $declaration.parameters.PSObject.Properties) {
        $rule = $entry.Value
        if ($rule.PSObject.Properties['noField']) { continue }
        if (-not (Test-DefenderProxyParameterInSet -Cmdlet $Cmdlet -Name $entry.Name)) { continue }
        # The caller's own variable, default values included ($Cmdlet.SessionState is the session state of whoever
        # called the cmdlet, not the cmdlet's).
        $value = Get-Variable -Name $entry.Name -Scope 1 -ValueOnly
        if ($added.ContainsKey($entry.Name) -and @($value) -notcontains $added[$entry.Name]) { $value = @($added[$entry.Name]) + @($value) }
        if ($rule.PSObject.Properties['credential']) {
            if ($value -and $value -ne [System.Management.Automation.PSCredential]::Empty) {
                $call.Credential = $value
                $call.CredentialPath = $rule.credential
            }
            continue
        }
        if ($value -is [System.Management.Automation.SwitchParameter]) {
            if (-not $value.IsPresent) { continue }
            $value = $true
        }
        if ($null -eq $value -or ($value -is [string] -and $value -eq '') -or ($value -is [array] -and $value.Count -eq 0)) {
            if ($rule.PSObject.Properties['ifEmpty']) {
                foreach ($instead in $rule.ifEmpty.PSObject.Properties) { Add-DefenderProxyRequestField -Request $call.Request -Field $instead.Name -Value $instead.Value }
            }
            continue
        }
        $field = $rule.field
        if ($rule.PSObject.Properties['urlField'] -and [string] $value -match '^[a-z][a-z0-9+.-]*://') { $field = $rule.urlField }
        Add-DefenderProxyRequestField -Request $call.Request -Field $field -Value (ConvertTo-DefenderProxyRequestValue -Value $value -Rule $rule -Cmdlet $Cmdlet)
    }
    return $call
}

function Test-DefenderProxyParameterInSet {
    <#
    .SYNOPSIS
    Whether a parameter of the cmdlet belongs to the parameter set in use (or to all of them): only those are sent.
    .EXAMPLE
    Test-DefenderProxyParameterInSet -Cmdlet $PSCmdlet -Name 'Component'
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet] $Cmdlet,

        [Parameter(Mandatory = $true)]
        [string] $Name
    )

    $sets = $Cmdlet.MyInvocation.MyCommand.Parameters[$Name].ParameterSets.Keys
    return $sets -contains '__AllParameterSets' -or $sets -contains $Cmdlet.ParameterSetName
}

function ConvertTo-DefenderProxyRequestValue {
    <#
    .SYNOPSIS
    One parameter value as its declaration rule wants it in the request: looked up, lower-cased, multiplied, a path
    made absolute, a default path added; arrays stay arrays, element by element.
    .EXAMPLE
    ConvertTo-DefenderProxyRequestValue -Value 30 -Rule ([pscustomobject]@{ multiply = 1000 }) -Cmdlet $PSCmdlet
    #>
    [CmdletBinding()]
    [OutputType([object])]
    param(
        [Parameter(Mandatory = $true)]
        [object] $Value,

        [Parameter(Mandatory = $true)]
        [psobject] $Rule,

        [Parameter(Mandatory = $true)]
        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    $converted = foreach ($item in @($Value)) {
        if ($Rule.PSObject.Properties['values']) {
            $match = @($Rule.values.PSObject.Properties | Where-Object { $_.Name -eq [string] $item })
            if ($match.Count -gt 0) { $item = $match[0].Value }
        }
        if ($Rule.PSObject.Properties['lowercase']) { $item = ([string] $item).ToLowerInvariant() }
        if ($Rule.PSObject.Properties['multiply']) { $item = [long] $item * [long] $Rule.multiply }
        if ($Rule.PSObject.Properties['path']) { $item = $Cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath([string] $item) }
        if ($Rule.PSObject.Properties['defaultPath'] -and ([uri] $item).AbsolutePath -eq '/') { $item = ([string] $item).TrimEnd('/') + $Rule.defaultPath }
        $item
    }
    if ($Value -is [array]) { return , [object[]] @($converted) }
    return $converted
}

function Add-DefenderProxyRequestField {
    <#
    .SYNOPSIS
    Sets a dotted field of a request (desired.mdi.proxyUrl), making the objects on the way.
    .EXAMPLE
    Add-DefenderProxyRequestField -Request $request -Field 'proxy.url' -Value 'http://proxy:8080'
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary] $Request,

        [Parameter(Mandatory = $true)]
        [string] $Field,

        [AllowNull()]
        [object] $Value
    )

    $steps = $Field.Split('.')
    $holder = $Request
    for ($i = 0; $i -lt $steps.Count - 1; $i++) {
        if (-not $holder.Contains($steps[$i])) { $holder[$steps[$i]] = [ordered]@{} }
        $holder = $holder[$steps[$i]]
    }
    $holder[$steps[-1]] = $Value
}
