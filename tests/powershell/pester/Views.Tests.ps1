# The format views as a user sees them: real objects of every type rendered by default, Format-Table and
# Format-List, and every column or row whose value has data shows it (a script block that fails renders as a blank
# cell, silently). And the help of every cmdlet.

BeforeDiscovery {
    # The help cases are one per exported command: the module must be there when Pester discovers them.
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-DefenderProxyTools
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-DefenderProxyTools

    $formatFile = Join-Path (Get-RepositoryRoot) 'ps-module/DefenderProxyTools.format.ps1xml'
    [xml] $formats = Get-Content -LiteralPath $formatFile -Raw

    # One object of every type the module returns, from real runs on images.
    $image = New-TestImage
    $mdi = Get-MDIProxy -MachineImage $image
    $change = Set-MDEProxy -ProxyServer 'proxy.contoso.com:8080' -BypassList '<local>' -PacUrl 'http://wpad.contoso.com/proxy.pac' -Component Antivirus -MachineImage $image -Confirm:$false -PassThru
    $sensorChange = Set-MDIProxy -ProxyUrl 'http://other.contoso.com:3128' -Method Sensor -MachineImage $image -Confirm:$false -PassThru
    $mdeImage = New-TestImage
    $samples = @{
        'DefenderProxyTools.MDIProxy'         = @($mdi)
        'DefenderProxyTools.StoreEntry'       = @($mdi.Stores) + @(Get-MDEProxy -MachineImage $image)
        'DefenderProxyTools.ChangeResult'     = @($change, $sensorChange)
        'DefenderProxyTools.Change'           = @($change.Changes) + @($sensorChange.Changes)
        'DefenderProxyTools.Backup'           = @(Get-DefenderProxyBackup -MachineImage $image)
        'DefenderProxyTools.Probe'            = @(Test-MDIProxy -SensorApiUrl 'https://127.0.0.1:9' -Route direct -TimeoutSeconds 2)
        'DefenderProxyTools.CompareResult'    = @(Compare-MDEProxy -ProxyServer 'other.contoso.com:3128' -MachineImage $image)
        'DefenderProxyTools.Difference'       = @((Compare-MDEProxy -ProxyServer 'other.contoso.com:3128' -MachineImage $image).Differences)
        'DefenderProxyTools.ComplianceResult' = @(Test-DefenderProxyCompliance -Product MDE -ProxyServer 'other.contoso.com:3128' -MachineImage $mdeImage)
        'DefenderProxyTools.RepairResult'     = @(Repair-DefenderProxyCompliance -Product MDE -ProxyServer 'other.contoso.com:3128' -MachineImage $mdeImage -Confirm:$false)
    }

    # What a view item shows for one object, evaluated here so that an error is seen rather than swallowed.
    function Get-ItemValue {
        param($Item, $Object)
        if ($Item.PropertyName) { return $Object.($Item.PropertyName) }
        $block = [scriptblock]::Create($Item.ScriptBlock)
        return ($Object | ForEach-Object -Process $block)
    }

    function Test-HasData {
        param($Value)
        return ($null -ne $Value) -and ((@($Value) -join '').Trim() -ne '')
    }

    # The columns of a rendered table: each header with its cells, cut at the dashes under the headers.
    function Get-TableColumns {
        param([string] $Text)
        $lines = @($Text -split "`r?`n" | Where-Object { $_.Trim() -ne '' })
        $dashIndex = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^-[- ]*$' })
        $dashes = $lines[$dashIndex]
        $spans = [regex]::Matches($dashes, '-+') | ForEach-Object { @{ Start = $_.Index; Length = $_.Length } }
        $columns = @()
        for ($i = 0; $i -lt $spans.Count; $i++) {
            $start = $spans[$i].Start
            $end = if ($i + 1 -lt $spans.Count) { $spans[$i + 1].Start } else { [int]::MaxValue }
            $cut = { param($line) if ($line.Length -le $start) { '' } else { $line.Substring($start, [math]::Min($line.Length, $end) - $start).Trim() } }
            $columns += [pscustomobject]@{
                Header = & $cut $lines[$dashIndex - 1]
                Cells  = @($lines[($dashIndex + 1)..($lines.Count - 1)] | ForEach-Object { & $cut $_ })
            }
        }
        return $columns
    }
}

Describe 'Format views' {
    It 'every type the module returns has a sample here, a table view and a list view' {
        $viewTypes = @($formats.Configuration.ViewDefinitions.View | ForEach-Object { $_.ViewSelectedBy.TypeName }) | Select-Object -Unique
        @($viewTypes | Sort-Object) | Should -Be @($samples.Keys | Sort-Object)
        foreach ($typeName in $samples.Keys) {
            @($samples[$typeName]).Count | Should -BeGreaterThan 0 -Because "$typeName needs a sample"
            (Get-FormatData -TypeName $typeName).FormatViewDefinition.Count | Should -Be 2 -Because $typeName
        }
    }

    It 'no view item throws for a real object (a failing script block shows as a blank cell)' {
        foreach ($view in $formats.Configuration.ViewDefinitions.View) {
            $items = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem) + @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem) | Where-Object { $_ }
            foreach ($object in $samples[$view.ViewSelectedBy.TypeName]) {
                foreach ($item in $items) {
                    { $null = Get-ItemValue -Item $item -Object $object } | Should -Not -Throw -Because "$($view.Name): $($item.ScriptBlock)"
                }
            }
        }
    }

    It 'Format-Table and the default view: every column that has data for a row shows it' {
        foreach ($view in @($formats.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl })) {
            $objects = @($samples[$view.ViewSelectedBy.TypeName])
            $headers = @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object { $_.Label })
            $items = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
            foreach ($rendering in @(($objects | Format-Table -View $view.Name | Out-String -Width 1000), ($objects | Out-String -Width 1000))) {
                $columns = @(Get-TableColumns -Text $rendering)
                @($columns | ForEach-Object { $_.Header }) | Should -Be $headers -Because $view.Name
                for ($c = 0; $c -lt $items.Count; $c++) {
                    for ($r = 0; $r -lt $objects.Count; $r++) {
                        if (Test-HasData (Get-ItemValue -Item $items[$c] -Object $objects[$r])) {
                            $columns[$c].Cells[$r] | Should -Not -BeNullOrEmpty -Because "$($view.Name), column $($headers[$c]), row $r"
                        }
                    }
                }
            }
        }
    }

    It 'Format-List: every row that has data shows it' {
        foreach ($view in @($formats.Configuration.ViewDefinitions.View | Where-Object { $_.ListControl })) {
            $items = @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem)
            foreach ($object in $samples[$view.ViewSelectedBy.TypeName]) {
                $lines = @(($object | Format-List -View $view.Name | Out-String -Width 1000) -split "`r?`n")
                foreach ($item in $items) {
                    $label = if ($item.Label) { $item.Label } else { $item.PropertyName }
                    $line = @($lines | Where-Object { $_ -match "^$([regex]::Escape($label))\s*:" })
                    $line.Count | Should -Be 1 -Because "$($view.Name) shows $label"
                    if (Test-HasData (Get-ItemValue -Item $item -Object $object)) {
                        ($line[0] -replace '^[^:]*:', '').Trim() | Should -Not -BeNullOrEmpty -Because "$($view.Name), $label"
                    }
                }
            }
        }
    }

    It 'the State column of the stores names a state for every store' {
        $states = @($samples['DefenderProxyTools.StoreEntry'] | ForEach-Object { Get-ItemValue -Item ([pscustomobject]@{ ScriptBlock = ($formats.Configuration.ViewDefinitions.View | Where-Object Name -EQ 'DefenderProxyTools.StoreEntry.Table').TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem[2].ScriptBlock }) -Object $_ })
        $states | Should -Not -Contain $null
        @($states | Where-Object { $_ -notin @('configured', 'no-proxy', 'absent', 'disabled', 'direct', 'not-installed', 'unreadable') }) | Should -BeNullOrEmpty
    }
}

Describe 'Help' {
    It '<Name>: Get-Help -Full has a synopsis, every parameter and at least one example' -TestCases @(
        Get-Command -Module DefenderProxyTools | ForEach-Object { @{ Name = $_.Name } }
    ) {
        param($Name)
        $help = Get-Help -Name $Name -Full
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))"
        @($help.examples.example).Count | Should -BeGreaterThan 0
        $documented = @($help.parameters.parameter | ForEach-Object { $_.name })
        foreach ($parameter in (Get-Command -Name $Name).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }) {
            $documented | Should -Contain $parameter
            ($help.parameters.parameter | Where-Object name -EQ $parameter).description | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name"
        }
        ($help | Out-String -Width 200) | Should -Match 'EXAMPLE 1|Example 1'
    }
}
