@{
    RootModule           = 'ps-module/DefenderProxyTools.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '8ce95723-a327-473b-a3e4-900a206fdd49'
    Author               = 'DefenderProxyTools contributors'
    CompanyName          = 'DefenderProxyTools'
    Copyright            = '(c) DefenderProxyTools contributors. MIT License.'
    Description          = 'Read, set, clear and test the web proxy of Microsoft Defender for Identity and Defender for Endpoint sensors, with -WhatIf plans, backups, connectivity tests that name the failing stage, and DSC resources. Needs neither the ActiveDirectory nor the GroupPolicy module.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('ps-module/DefenderProxyTools.format.ps1xml')
    FunctionsToExport    = @(
        'Get-MDIProxy',
        'Set-MDIProxy',
        'Clear-MDIProxy',
        'Test-MDIProxy',
        'Compare-MDIProxy',
        'Get-MDEProxy',
        'Set-MDEProxy',
        'Clear-MDEProxy',
        'Test-MDEProxy',
        'Compare-MDEProxy',
        'Get-DefenderProxyBackup',
        'Restore-DefenderProxyBackup',
        'Test-DefenderProxyCompliance',
        'Repair-DefenderProxyCompliance'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    DscResourcesToExport = @('MDIProxy', 'MDEProxy')
    FileList             = @(
        'DefenderProxyTools.psd1',
        'ps-module/DefenderProxyTools.psm1',
        'ps-module/DefenderProxyTools.format.ps1xml',
        'ps-module/DefenderProxyTools.requests.json',
        'ps-module/en-US/DefenderProxyTools.strings.psd1',
        'ps-module/en-US/about_DefenderProxyTools.help.txt'
    )
    PrivateData          = @{
        PSData = @{
            Tags         = @('Defender', 'DefenderForIdentity', 'MDI', 'DefenderForEndpoint', 'MDE', 'Proxy', 'WinHTTP', 'WinINet', 'DSC', 'Intune', 'Windows')
            ProjectUri   = 'https://github.com/DefenderProxyTools/DefenderProxyTools'
            LicenseUri   = 'https://github.com/DefenderProxyTools/DefenderProxyTools/blob/main/LICENSE'
            ReleaseNotes = '0.1.0: Get/Set/Clear/Test/Compare-MDIProxy and -MDEProxy, Get-DefenderProxyBackup, Restore-DefenderProxyBackup; Test-/Repair-DefenderProxyCompliance for Intune and Configuration Manager; DSC resources MDIProxy and MDEProxy (class-based PSDSC and DSC v3 command resources).'
        }
    }
}
