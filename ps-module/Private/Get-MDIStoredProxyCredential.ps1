function Get-MDIStoredProxyCredential {
    <#
    .SYNOPSIS
    Decrypts the proxy password the MDI sensor keeps in SensorConfiguration.json, for one connectivity test.
    .DESCRIPTION
    The sensor encrypts the password with RSA-OAEP-SHA256 over its UTF-16LE bytes, using the certificate named
    by CertificateThumbprint in LocalMachine\My. Only Windows crypto holds that (non-exportable) private key, so
    this works on the live machine only, elevated. Returns $null when there is nothing to decrypt or it cannot be
    done; the reason goes to the verbose stream.
    .EXAMPLE
    $credential = Get-MDIStoredProxyCredential -Sensor $sensorEntry
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCredential])]
    param(
        # The mdi-sensor store entry returned by the core's get.
        [Parameter(Mandatory = $true)]
        [psobject] $Sensor
    )

    if (-not $Sensor.hasPassword -or -not $Sensor.configurationPath -or -not $Sensor.certificateThumbprint) {
        return $null
    }
    if ([System.IO.Path]::DirectorySeparatorChar -ne '\') {
        Write-Verbose $script:Strings.StoredPasswordOnlyOnWindows
        return $null
    }
    $plain = $null
    $chars = $null
    try {
        $configuration = Get-Content -LiteralPath $Sensor.configurationPath -Raw -Encoding UTF8 | ConvertFrom-Json
        $encrypted = [System.Convert]::FromBase64String($configuration.SensorProxyConfiguration.EncryptedUserPasswordData.EncryptedBytes)
        $certificate = Get-Item -LiteralPath ('Cert:\LocalMachine\My\{0}' -f $Sensor.certificateThumbprint)
        $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($certificate)
        if ($null -eq $rsa) { throw $script:Strings.StoredPasswordNoPrivateKey }
        $plain = $rsa.Decrypt($encrypted, [System.Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
        $chars = [System.Text.Encoding]::Unicode.GetChars($plain)
        $password = New-Object System.Security.SecureString
        foreach ($char in $chars) { $password.AppendChar($char) }
        $password.MakeReadOnly()
        return New-Object System.Management.Automation.PSCredential($Sensor.userName, $password)
    }
    catch {
        Write-Verbose ($script:Strings.StoredPasswordUnreadable -f $_.Exception.Message)
        return $null
    }
    finally {
        if ($plain) { [System.Array]::Clear($plain, 0, $plain.Length) }
        if ($chars) { [System.Array]::Clear($chars, 0, $chars.Length) }
    }
}
