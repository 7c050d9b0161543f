function Invoke-DefenderProxyCore {
    <#
    .SYNOPSIS
    Runs `defenderproxy <Command> [Arguments]` once: the request as JSON on stdin, the response from stdout,
    progress and log lines from stderr. The only function that starts the executable.
    .DESCRIPTION
    Exit codes (core/errors.ts, named in $script:ExitCode): Ok and Negative (a negative result such as a failed test)
    return the result; InvalidRequest throws an InvalidArgument error whose ErrorId is the core's error code;
    RolledBack throws InvalidOperation; Partial throws WriteError with the partial state as TargetObject. An
    executable that cannot start is a DefenderProxyCannotStart error; one that answers nothing a
    DefenderProxyNoResponse error quoting what it wrote to stderr. The password of -Credential enters the JSON here
    and nowhere else, and only on stdin. A stopped pipeline (Ctrl+C) stops the executable too.
    .EXAMPLE
    Invoke-DefenderProxyCore -Command 'get' -Request @{ product = 'mdi' }
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory = $true)]
        [ValidatePattern('^[a-z]+$')]
        [string] $Command,

        # Words after the command, e.g. 'get', 'MDIProxy' for the dsc command.
        [ValidatePattern('^[A-Za-z0-9-]+$')]
        [string[]] $Arguments = @(),

        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary] $Request,

        [System.Management.Automation.PSCredential] $Credential,

        # Dotted path of the object that receives userName and password: 'proxy', or '' for the request itself.
        [string] $CredentialPath = 'proxy',

        [string] $Activity
    )

    if (-not $Activity) { $Activity = $script:Strings.ActivityDefault -f $Command }
    $executable = Resolve-DefenderProxyExecutable
    $bytes = ConvertTo-DefenderProxyRequestBytes -Request $Request -Credential $Credential -CredentialPath $CredentialPath

    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = $executable.FileName
    $startInfo.Arguments = ConvertTo-ProcessArgumentLine -Argument (@($executable.Prefix) + @($Command) + $Arguments)
    $startInfo.UseShellExecute = $false
    $startInfo.CreateNoWindow = $true
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $utf8 = New-Object System.Text.UTF8Encoding($false)
    $startInfo.StandardOutputEncoding = $utf8
    $startInfo.StandardErrorEncoding = $utf8

    try {
        $process = [System.Diagnostics.Process]::Start($startInfo)
    }
    catch {
        [System.Array]::Clear($bytes, 0, $bytes.Length)
        $PSCmdlet.ThrowTerminatingError((New-DefenderProxyStartError -Exception $_.Exception -FileName $executable.FileName -Command $Command))
    }
    Write-Verbose ($script:Strings.ExecutableRunning -f $startInfo.FileName, $startInfo.Arguments, $process.Id)

    $stderrText = New-Object System.Collections.Generic.List[string]
    try {
        try {
            # Raw bytes: Windows PowerShell 5.1 cannot set the encoding of a redirected stdin.
            $process.StandardInput.BaseStream.Write($bytes, 0, $bytes.Length)
            $process.StandardInput.Close()
        }
        catch [System.IO.IOException] {
            Write-Verbose $script:Strings.ExecutableInputClosed
        }
        finally {
            [System.Array]::Clear($bytes, 0, $bytes.Length)
        }

        # stdout is drained in the background; stderr is read here, on the pipeline thread, where Write-Progress and
        # Write-Warning are allowed. Waiting in short steps hands control back to the engine, so Ctrl+C can stop it.
        $stdoutTask = $process.StandardOutput.ReadToEndAsync()
        $lineTask = $process.StandardError.ReadLineAsync()
        while ($true) {
            if (-not $lineTask.Wait(200)) { continue }
            $line = $lineTask.Result
            if ($null -eq $line) { break }
            if (-not (Write-DefenderProxyLogLine -Line $line -Activity $Activity)) { $stderrText.Add($line) }
            $lineTask = $process.StandardError.ReadLineAsync()
        }
        $process.WaitForExit()
        $stdout = $stdoutTask.Result
        $exitCode = $process.ExitCode
    }
    finally {
        # Also on Ctrl+C and on any error above: the executable must not outlive the cmdlet.
        if (-not $process.HasExited) {
            try { $process.Kill() } catch [System.InvalidOperationException] { Write-Debug $_.Exception.Message }
        }
        $process.Dispose()
        Write-Progress -Activity $Activity -Completed
    }

    $response = $null
    if ($stdout) {
        try { $response = $stdout | ConvertFrom-Json } catch { $response = $null }
    }
    if ($null -eq $response) {
        $message = $script:Strings.ExecutableNoResponse -f $Command, $exitCode
        $said = ($stderrText -join ' ').Trim()
        if ($said) { $message = '{0} {1}' -f $message, ($script:Strings.ExecutableSaid -f $said) }
        $exception = New-Object System.InvalidOperationException($message)
        $PSCmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord($exception, 'DefenderProxyNoResponse', 'InvalidResult', $Command)))
    }

    # DSC commands answer with the bare instance; every other command with the {ok, command, result} envelope.
    $isEnvelope = $null -ne $response.PSObject.Properties['ok'] -and $null -ne $response.PSObject.Properties['command']
    if ($exitCode -eq $script:ExitCode.Ok -or $exitCode -eq $script:ExitCode.Negative) {
        if ($isEnvelope) { return $response.result }
        return $response
    }
    $PSCmdlet.ThrowTerminatingError((New-DefenderProxyFailureRecord -Response $response -IsEnvelope $isEnvelope -ExitCode $exitCode -Command $Command))
}

function ConvertTo-DefenderProxyRequestBytes {
    <#
    .SYNOPSIS
    The request as UTF-8 JSON bytes, with the credential's user name and password put in at -CredentialPath of a
    copy: the caller's hashtable never holds the password, and the JSON text is dropped at once.
    .EXAMPLE
    ConvertTo-DefenderProxyRequestBytes -Request @{ product = 'mdi' } -CredentialPath 'proxy'
    #>
    [CmdletBinding()]
    [OutputType([byte[]])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Collections.IDictionary] $Request,

        [System.Management.Automation.PSCredential] $Credential,

        [string] $CredentialPath = 'proxy'
    )

    $body = [ordered]@{}
    foreach ($key in $Request.Keys) { $body[$key] = $Request[$key] }
    if ($Credential -and $Credential -ne [System.Management.Automation.PSCredential]::Empty) {
        $holder = $body
        if ($CredentialPath) {
            foreach ($step in $CredentialPath.Split('.')) {
                $next = [ordered]@{}
                if ($holder.Contains($step) -and $holder[$step]) {
                    foreach ($key in $holder[$step].Keys) { $next[$key] = $holder[$step][$key] }
                }
                $holder[$step] = $next
                $holder = $next
            }
        }
        $holder['userName'] = $Credential.UserName
        $holder['password'] = $Credential.GetNetworkCredential().Password
    }
    $json = ConvertTo-Json -InputObject $body -Depth 10 -Compress
    $bytes = (New-Object System.Text.UTF8Encoding($false)).GetBytes($json)
    $json = $null
    return , $bytes
}

function New-DefenderProxyStartError {
    <#
    .SYNOPSIS
    The ErrorRecord for an executable the system would not start: SecurityError when it was refused (access denied,
    AppLocker or WDAC), ObjectNotFound when it is missing, with what to do about it.
    .EXAMPLE
    New-DefenderProxyStartError -Exception $_.Exception -FileName 'C:\...\defenderproxy.exe' -Command 'get'
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Exception] $Exception,

        [Parameter(Mandatory = $true)]
        [string] $FileName,

        [Parameter(Mandatory = $true)]
        [string] $Command
    )

    $inner = $Exception
    while ($inner.InnerException -and -not ($inner -is [System.ComponentModel.Win32Exception])) { $inner = $inner.InnerException }
    # Windows: 5 access denied, 1260 blocked by group policy (AppLocker), 4551 blocked by WDAC; Unix: 1 EPERM, 13 EACCES.
    $category = 'ResourceUnavailable'
    if ($inner -is [System.ComponentModel.Win32Exception]) {
        if (@(1, 5, 13, 1260, 4551) -contains $inner.NativeErrorCode) { $category = 'SecurityError' }
        elseif (@(2, 3) -contains $inner.NativeErrorCode) { $category = 'ObjectNotFound' }
    }
    $message = $script:Strings.ExecutableCannotStart -f $FileName, $inner.Message
    $record = New-Object System.Management.Automation.ErrorRecord((New-Object System.InvalidOperationException($message, $Exception)), 'DefenderProxyCannotStart', $category, $Command)
    $record.ErrorDetails = New-Object System.Management.Automation.ErrorDetails($message)
    $record.ErrorDetails.RecommendedAction = $script:Strings.ExecutableCannotStartAction
    return $record
}

function New-DefenderProxyFailureRecord {
    <#
    .SYNOPSIS
    The ErrorRecord for a failed run, by exit code: InvalidRequest -> InvalidArgument (target: the request field),
    RolledBack -> InvalidOperation, Partial -> WriteError (target: the state left and the backup), Interrupted (the
    executable stopped by Ctrl+C before it changed anything) -> OperationStopped; the ErrorId is the core's error
    code.
    .EXAMPLE
    New-DefenderProxyFailureRecord -Response $response -IsEnvelope $true -ExitCode 2 -Command 'set'
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory = $true)]
        [psobject] $Response,

        [Parameter(Mandatory = $true)]
        [bool] $IsEnvelope,

        [Parameter(Mandatory = $true)]
        [int] $ExitCode,

        [Parameter(Mandatory = $true)]
        [string] $Command
    )

    $code = 'DefenderProxyFailed'
    $message = $script:Strings.ExecutableFailed -f $Command, $ExitCode
    $target = $Command
    if ($IsEnvelope -and $Response.error) {
        $code = $Response.error.code
        $message = $Response.error.message
        if ($Response.error.PSObject.Properties['field']) { $target = $Response.error.field }
    }
    switch ($ExitCode) {
        $script:ExitCode.InvalidRequest {
            return New-Object System.Management.Automation.ErrorRecord((New-Object System.ArgumentException($message)), $code, 'InvalidArgument', $target)
        }
        $script:ExitCode.RolledBack {
            $exception = New-Object System.InvalidOperationException($script:Strings.ChangeRolledBack -f $message)
            return New-Object System.Management.Automation.ErrorRecord($exception, $code, 'InvalidOperation', $target)
        }
        $script:ExitCode.Partial {
            $partial = $null
            if ($IsEnvelope -and $Response.PSObject.Properties['result']) { $partial = $Response.result }
            $exception = New-Object System.InvalidOperationException($script:Strings.ChangePartial -f $message)
            $record = New-Object System.Management.Automation.ErrorRecord($exception, $code, 'WriteError', $partial)
            $record.ErrorDetails = New-Object System.Management.Automation.ErrorDetails($exception.Message)
            $record.ErrorDetails.RecommendedAction = $script:Strings.ChangePartialAction
            return $record
        }
        $script:ExitCode.Interrupted {
            return New-Object System.Management.Automation.ErrorRecord((New-Object System.OperationCanceledException($message)), $code, 'OperationStopped', $target)
        }
    }
    return New-Object System.Management.Automation.ErrorRecord((New-Object System.InvalidOperationException($message)), $code, 'NotSpecified', $target)
}
