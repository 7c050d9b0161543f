# The Windows PowerShell 5.1 gate: what a file uses that 5.1 (the PowerShell of every domain controller) does not
# have, found with pwsh's own parser. PSScriptAnalyzer's compatibility rules would do this, but it is not served here;
# these are the cases that matter for this module, each with its reason.

# Parameters PowerShell 7 added to cmdlets that 5.1 has.
$script:NewParameters = @{
    'ConvertFrom-Json' = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'ConvertTo-Json'   = @('AsArray', 'EnumsAsStrings', 'EscapeHandling')
    'Join-Path'        = @('AdditionalChildPath', 'Extension')
    'Get-Content'      = @('AsByteStream')
    'Set-Content'      = @('AsByteStream')
    'Add-Content'      = @('AsByteStream')
    'ForEach-Object'   = @('Parallel', 'ThrottleLimit', 'AsJob', 'TimeoutSeconds')
    'Select-Object'    = @('SkipIndex', 'CaseInsensitive')
    'Get-Date'         = @('AsUTC', 'UnixTimeSeconds')
    'Invoke-WebRequest' = @('SkipCertificateCheck', 'Authentication', 'SslProtocol', 'SkipHttpErrorCheck')
    'Invoke-RestMethod' = @('SkipCertificateCheck', 'Authentication', 'SslProtocol', 'SkipHttpErrorCheck')
    'Test-Connection'  = @('TargetName', 'TcpPort')
    'Get-ChildItem'    = @('FollowSymlink')
    'Import-Module'    = @('UseWindowsPowerShell', 'SkipEditionCheck')
}

# Cmdlets that only PowerShell 6 or 7 has.
$script:NewCommands = @('Get-Error', 'Test-Json', 'ConvertFrom-Markdown', 'Show-Markdown', 'Join-String', 'Get-Uptime', 'Remove-Service', 'Get-SecureRandom', 'ConvertTo-CliXml', 'ConvertFrom-CliXml', 'Set-MarkdownOption', 'Remove-Alias')

# -Encoding values 5.1 does not know.
$script:NewEncodings = @('utf8NoBOM', 'utf8BOM', 'ansi')

# Automatic variables 5.1 lacks: read there, they are $null.
$script:NewVariables = @('PSStyle', 'IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR', 'EnabledExperimentalFeatures')

# Words that start a statement: as a command name (inside parentheses, e.g. (if ...)) they are a command that does
# not exist, and the expression fails at run time in 5.1 and 7 alike.
$script:Keywords = @('if', 'elseif', 'else', 'switch', 'foreach', 'for', 'while', 'do', 'until', 'try', 'catch', 'finally', 'trap', 'function', 'filter', 'data', 'return', 'throw', 'break', 'continue', 'exit', 'class', 'enum')

function Find-Windows51Problem {
    <#
    .SYNOPSIS
    What a piece of PowerShell uses that Windows PowerShell 5.1 lacks, one "line: problem" string each.
    .EXAMPLE
    Find-Windows51Problem -Text '$a ? 1 : 2'
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string] $Text
    )

    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref] $tokens, [ref] $errors)
    foreach ($parseError in $errors) { '{0}: does not parse: {1}' -f $parseError.Extent.StartLineNumber, $parseError.Message }
    $nodes = $ast.FindAll({ $true }, $true)
    foreach ($node in $nodes) {
        $line = $node.Extent.StartLineNumber
        $type = $node.GetType().Name
        if ($type -eq 'TernaryExpressionAst') { '{0}: the ternary operator ? : (PowerShell 7)' -f $line }
        if ($type -eq 'PipelineChainAst') { '{0}: && or || between pipelines (PowerShell 7)' -f $line }
        if ($type -eq 'BinaryExpressionAst' -and [string] $node.Operator -eq 'QuestionQuestion') { '{0}: the ?? operator (PowerShell 7)' -f $line }
        if ($type -eq 'AssignmentStatementAst' -and [string] $node.Operator -eq 'QuestionQuestionEquals') { '{0}: the ??= operator (PowerShell 7)' -f $line }
        if (@('MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst') -contains $type -and $node.NullConditional) { '{0}: the ?. or ?[] operator (PowerShell 7)' -f $line }
        if ($type -eq 'ScriptBlockAst' -and $null -ne $node.PSObject.Properties['CleanBlock'] -and $node.CleanBlock) { '{0}: a clean block (PowerShell 7.3)' -f $line }
        if ($type -eq 'BinaryExpressionAst' -and @('Ireplace', 'Creplace', 'Replace') -contains [string] $node.Operator) {
            $replacement = $node.Right
            if ($replacement.GetType().Name -eq 'ArrayLiteralAst' -and @($replacement.Elements | Where-Object { $_.GetType().Name -eq 'ScriptBlockExpressionAst' }).Count -gt 0) { '{0}: -replace with a script block (PowerShell 6)' -f $line }
        }
        if ($type -eq 'VariableExpressionAst' -and $script:NewVariables -contains $node.VariablePath.UserPath) { '{0}: ${1} does not exist in 5.1' -f $line, $node.VariablePath.UserPath }
        if ($type -eq 'CommandAst') {
            $name = $node.GetCommandName()
            if (-not $name) { continue }
            if ($script:Keywords -contains $name) { '{0}: "{1}" used as a command: a statement inside ( ) is not an expression (use $( ) or a variable)' -f $line, $name }
            if ($script:NewCommands -contains $name) { '{0}: {1} (PowerShell 6 or 7)' -f $line, $name }
            $parameters = @($node.CommandElements | Where-Object { $_.GetType().Name -eq 'CommandParameterAst' })
            foreach ($known in $script:NewParameters.Keys) {
                if ($name -ne $known) { continue }
                foreach ($parameter in $parameters) {
                    if ($script:NewParameters[$known] -contains $parameter.ParameterName) {
                        '{0}: {1} -{2} (PowerShell 7)' -f $line, $name, $parameter.ParameterName
                    }
                }
            }
            if ($name -eq 'Join-Path' -and (Get-JoinPathPathCount -Command $node) -gt 2) { '{0}: Join-Path with more than one child path (PowerShell 7)' -f $line }
            for ($i = 0; $i -lt $node.CommandElements.Count - 1; $i++) {
                $element = $node.CommandElements[$i]
                if ($element.GetType().Name -eq 'CommandParameterAst' -and $element.ParameterName -eq 'Encoding') {
                    $value = $node.CommandElements[$i + 1]
                    if ($value.GetType().Name -eq 'StringConstantExpressionAst' -and $script:NewEncodings -contains $value.Value) { '{0}: -Encoding {1} (PowerShell 6)' -f $line, $value.Value }
                }
            }
        }
    }
}

function Get-JoinPathPathCount {
    <#
    .SYNOPSIS
    How many paths a Join-Path call joins: -Path and -ChildPath by name or position, and any further positional ones
    (5.1 has two, 7 takes more as -AdditionalChildPath).
    .EXAMPLE
    Get-JoinPathPathCount -Command $commandAst
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory = $true)]
        [System.Management.Automation.Language.CommandAst] $Command
    )

    $count = 0
    $elements = @($Command.CommandElements | Select-Object -Skip 1)
    for ($i = 0; $i -lt $elements.Count; $i++) {
        $element = $elements[$i]
        if ($element.GetType().Name -ne 'CommandParameterAst') { $count++; continue }
        if (@('Path', 'ChildPath', 'AdditionalChildPath') -contains $element.ParameterName) {
            $count++
            if (-not $element.Argument) { $i++ }
        }
    }
    return $count
}

function Find-EncodingProblem {
    <#
    .SYNOPSIS
    Windows PowerShell 5.1 reads a script without a byte order mark as ANSI: a file with other than ASCII in it needs
    one (UTF-8 with BOM), or its non-ASCII characters change meaning (an ANSI quote ends a string).
    .EXAMPLE
    Find-EncodingProblem -Path .\script.ps1
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)]
        [string] $Path
    )

    $bytes = [System.IO.File]::ReadAllBytes($Path)
    $hasBom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
    if (-not $hasBom -and @($bytes | Where-Object { $_ -gt 0x7F }).Count -gt 0) { 'not ASCII and no byte order mark: 5.1 would read it as ANSI' }
}

Export-ModuleMember -Function @('Find-Windows51Problem', 'Find-EncodingProblem')
