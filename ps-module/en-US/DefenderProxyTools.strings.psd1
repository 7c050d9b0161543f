# Every sentence the DefenderProxyTools module shows, by key, loaded with Import-LocalizedData into $script:Strings
# (a copy under another culture's folder, e.g. de-DE, wins when that is the UI culture). {0}, {1}: the values the
# code fills in with -f. Sentences of the executable (errors, advice, compliance summaries) come from the core.
@{
    # --- import options (Import-Module DefenderProxyTools -ArgumentList @{ ... }) ---
    ImportOptionUnknown           = 'Unknown import option "{0}": DefenderProxyTools takes Executable, Launcher and Connectivity.'
    ImportExecutableMissing       = 'The import option Executable names {0}, which is not a file.'

    # --- the executable ---
    ExecutableNeeds64Bit          = 'defenderproxy.exe is a 64-bit program and needs 64-bit Windows.'
    ExecutableNotFound            = 'The defenderproxy executable was not found. Looked for: {0}'
    ExecutableRunning             = 'Running {0} {1} (process {2})'
    ExecutableInputClosed         = 'defenderproxy closed its input early; reading its answer.'
    ExecutableCannotStart         = 'The defenderproxy executable {0} could not be started: {1}'
    ExecutableCannotStartAction   = 'Windows (AppLocker, Windows Defender Application Control or Smart App Control) may block an unsigned executable: allow bin\defenderproxy.exe by path or hash, or sign it, and unblock the module folder (Get-ChildItem -Recurse | Unblock-File). It needs Windows 10 or Windows Server 2016 or later, 64-bit.'
    ExecutableNoResponse          = 'defenderproxy {0} ended with exit code {1} without a JSON answer.'
    ExecutableSaid                = 'It said: {0}'
    ExecutableFailed              = 'defenderproxy {0} failed with exit code {1}.'
    ChangeRolledBack              = '{0} Nothing was changed: the change was rolled back.'
    ChangePartial                 = '{0} The change could not be fully rolled back: see TargetObject for the state left behind and the backup to restore.'
    ChangePartialAction           = 'Check the values listed in TargetObject, then run Restore-DefenderProxyBackup with the backup it names.'
    ActivityDefault               = 'defenderproxy {0}'
    ProgressStatus                = '{0} of {1}'
    ProgressStatusWithMessage     = '{0} of {1} - {2}'
    ReportWritten                 = 'Report written to {0}'

    # --- changes: -WhatIf and -Confirm ---
    ChangeNothingToDo             = '{0}: already in place, nothing to change.'
    ChangeDescription             = '{0}:{1}{2}'
    ChangeWarning                 = 'Change these values?{0}{1}'
    ChangeLine                    = '{0}: {1} -> {2}'
    ValueNone                     = '(none)'
    SetMdiProxyCaption            = 'Set the MDI sensor proxy to {0}'
    ClearMdiProxyCaption          = 'Remove the MDI sensor proxy'
    SetMdeProxyCaption            = 'Set the Defender for Endpoint proxy to {0}'
    ClearMdeProxyCaption          = 'Remove the Defender for Endpoint proxy'
    RepairCaption                 = 'Put the desired {0} proxy in place'
    RestoreCaption                = 'Restore the Defender proxy backup {0}'
    RestoreDescription            = '{0}, which puts back:{1}{2}'
    RestoreWarning                = 'Put back these values?{0}{1}'
    RestoreTargetsUnknown         = '(unknown: the backup is not listed)'

    # --- tests ---
    TestMdiActivity               = 'Testing the MDI sensor connection'
    TestMdeActivity               = 'Testing the Defender for Endpoint connections'
    ComplianceActivity            = 'Checking the {0} proxy'
    ComplianceErrorReason         = '{0}: {1}'
    ComplianceErrorSummary        = 'Error: {0}'
    RepairErrorSummary            = 'Failed: {0}'

    # --- parameters ---
    ProductMismatch               = '-Product {0} does not go with the parameters given: -ProxyUrl, -Method and -UserName are for MDI; -ProxyServer, -BypassList, -Component (and -Geo) for MDE.'
    SingleInstanceOnly            = 'IsSingleInstance must be ''Yes'': a machine has one Defender proxy configuration.'
}
