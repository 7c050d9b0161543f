function Invoke-DefenderProxyCore {
    <#
    .SYNOPSIS
    Runs `defenderproxy <Command> [Arguments]` once: the request as JSON on stdin, the response from stdout,
    progress and log lines from stderr. The only function that starts the executable.
    .DESCRIPTION
    Exit codes: 0 and 1 (a negative result such as a failed test) return the result; 2 (invalid request) throws
    an InvalidArgument error whose ErrorId is the core's error code; 3 (failed, rolled back) throws
    InvalidOperation; 4 (failed, not fully rolled back) throws WriteError with the partial state as TargetObject.
    The password of -Credential enters the JSON here and nowhere else, and only on stdin.
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

        [string] $Activity = "defenderproxy $Command"
    )

    $executable = Resolve-DefenderProxyExecutable
    $body = Copy-DefenderProxyRequest -Request $Request -Cmdlet $PSCmdlet
    $secretHolder = $null
    if ($Credential -and $Credential -ne [System.Management.Automation.PSCredential]::Empty) {
        $secretHolder = $body
        if ($CredentialPath) {
            foreach ($step in $CredentialPath.Split('.')) {
                $next = [ordered]@{}
                if ($secretHolder.Contains($step) -and $secretHolder[$step]) {
                    foreach ($key in $secretHolder[$step].Keys) { $next[$key] = $secretHolder[$step][$key] }
                }
                $secretHolder[$step] = $next
                $secretHolder = $next
            }
        }
        $secretHolder['userName'] = $Credential.UserName
        $secretHolder['password'] = $Credential.GetNetworkCredential().Password
    }
    $json = ConvertTo-Json -InputObject $body -Depth 10 -Compress
    if ($secretHolder) { $secretHolder.Remove('password') }
    $utf8 = New-Object System.Text.UTF8Encoding($false)
    $bytes = $utf8.GetBytes($json)
    $json = $null

    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = $executable
    $startInfo.Arguments = (@($Command) + $Arguments) -join ' '
    $startInfo.UseShellExecute = $false
    $startInfo.CreateNoWindow = $true
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.StandardOutputEncoding = $utf8
    $startInfo.StandardErrorEncoding = $utf8

    Write-Verbose "Running $executable $($startInfo.Arguments)"
    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        # Raw bytes: Windows PowerShell 5.1 cannot set the encoding of a redirected stdin.
        $process.StandardInput.BaseStream.Write($bytes, 0, $bytes.Length)
        $process.StandardInput.Close()
    }
    catch [System.IO.IOException] {
        Write-Verbose 'defenderproxy closed its input early; reading its answer.'
    }
    finally {
        [System.Array]::Clear($bytes, 0, $bytes.Length)
    }

    # stdout is drained in the background so that stderr can be read here, on the pipeline thread, where
    # Write-Progress and Write-Warning are allowed.
    $stdoutTask = $process.StandardOutput.ReadToEndAsync()
    while ($null -ne ($line = $process.StandardError.ReadLine())) {
        Write-DefenderProxyLogLine -Line $line -Activity $Activity
    }
    $process.WaitForExit()
    $stdout = $stdoutTask.Result
    $exitCode = $process.ExitCode
    $process.Dispose()
    Write-Progress -Activity $Activity -Completed

    try {
        $response = $stdout | ConvertFrom-Json
    }
    catch {
        $response = $null
    }
    if ($null -eq $response) {
        $exception = New-Object System.InvalidOperationException("defenderproxy $Command ended with exit code $exitCode without a JSON answer.")
        $record = New-Object System.Management.Automation.ErrorRecord($exception, 'DefenderProxyNoResponse', 'InvalidResult', $Command)
        $PSCmdlet.ThrowTerminatingError($record)
    }

    # DSC commands answer with the bare instance; every other command with the {ok, command, result} envelope.
    $isEnvelope = $null -ne $response.PSObject.Properties['ok'] -and $null -ne $response.PSObject.Properties['command']
    if ($exitCode -eq 0 -or $exitCode -eq 1) {
        if ($isEnvelope) { return $response.result }
        return $response
    }

    $code = 'DefenderProxyFailed'
    $message = "defenderproxy $Command failed with exit code $exitCode."
    $target = $Command
    if ($isEnvelope -and $response.error) {
        $code = $response.error.code
        $message = $response.error.message
        if ($response.error.PSObject.Properties['field']) { $target = $response.error.field }
    }
    switch ($exitCode) {
        2 {
            $exception = New-Object System.ArgumentException($message)
            $record = New-Object System.Management.Automation.ErrorRecord($exception, $code, 'InvalidArgument', $target)
        }
        3 {
            $exception = New-Object System.InvalidOperationException("$message Nothing was changed: the change was rolled back.")
            $record = New-Object System.Management.Automation.ErrorRecord($exception, $code, 'InvalidOperation', $target)
        }
        4 {
            $partial = $null
            if ($isEnvelope -and $response.PSObject.Properties['result']) { $partial = $response.result }
            $exception = New-Object System.InvalidOperationException("$message The change could not be fully rolled back: see TargetObject for the state left behind and the backup to restore.")
            $record = New-Object System.Management.Automation.ErrorRecord($exception, $code, 'WriteError', $partial)
            $record.ErrorDetails = New-Object System.Management.Automation.ErrorDetails($exception.Message)
            $record.ErrorDetails.RecommendedAction = 'Check the values listed in TargetObject, then run Restore-DefenderProxyBackup with the backup it names.'
        }
        default {
            $exception = New-Object System.InvalidOperationException($message)
            $record = New-Object System.Management.Automation.ErrorRecord($exception, $code, 'NotSpecified', $target)
        }
    }
    $PSCmdlet.ThrowTerminatingError($record)
}
