# A password travels from a PSCredential to the sensor's configuration intact, whatever its characters: the test
# makes its own secret-manager certificate and key, and decrypts what the core wrote with that key, as the sensor
# would (RSA-OAEP-SHA256 over the UTF-16LE bytes). It never appears in clear in the image, its backups or the output.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-DefenderProxyTools

    # P\u00E4ssw\u00F6rd-\u20AC-\u5BC6\u7801, from code points so that the file's own encoding cannot change it.
    $password = -join @(0x50, 0xE4, 0x73, 0x73, 0x77, 0xF6, 0x72, 0x64, 0x2D, 0x20AC, 0x2D, 0x5BC6, 0x7801 | ForEach-Object { [char] $_ })

    # A copy of dc01 whose secret-manager certificate is one we hold the private key of.
    function New-ImageWithOwnCertificate {
        $image = New-TestImage
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $request = New-Object System.Security.Cryptography.X509Certificates.CertificateRequest('CN=Secret Manager Test', $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))
        $store = Join-Path $image 'certificates/LocalMachine/My'
        Remove-Item -Path (Join-Path $store '*') -Force
        [System.IO.File]::WriteAllBytes((Join-Path $store "$($certificate.Thumbprint).cer"), $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Cert))
        $configuration = Get-SensorConfigurationFile -Image $image
        $text = [System.IO.File]::ReadAllText($configuration).Replace('356FE9B42C13FE91F160965AAF0A71E8896ECCE7', $certificate.Thumbprint)
        [System.IO.File]::WriteAllText($configuration, $text, (New-Object System.Text.UTF8Encoding($true)))
        return [pscustomobject]@{ Image = $image; Key = $rsa; Thumbprint = $certificate.Thumbprint }
    }

    function Get-SensorConfigurationFile {
        param([string] $Image)
        return (Get-ChildItem -LiteralPath $Image -Recurse -Filter 'SensorConfiguration.json' | Where-Object { $_.FullName -match '18405' }).FullName
    }

    function Get-StoredPassword {
        param($Fixture)
        $proxy = ([System.IO.File]::ReadAllText((Get-SensorConfigurationFile -Image $Fixture.Image)) | ConvertFrom-Json).SensorProxyConfiguration
        $proxy.EncryptedUserPasswordData.CertificateThumbprint | Should -Be $Fixture.Thumbprint
        $plain = $Fixture.Key.Decrypt([System.Convert]::FromBase64String($proxy.EncryptedUserPasswordData.EncryptedBytes), [System.Security.Cryptography.RSAEncryptionPadding]::OaepSHA256)
        return [System.Text.Encoding]::Unicode.GetString($plain)
    }

    # The password in clear, in any encoding a file could hold it, anywhere below the image.
    function Find-ClearPassword {
        param([string] $Image)
        $needles = @([System.Text.Encoding]::UTF8.GetBytes($password), [System.Text.Encoding]::Unicode.GetBytes($password)) | ForEach-Object { [System.BitConverter]::ToString($_) }
        foreach ($file in Get-ChildItem -LiteralPath $Image -Recurse -File -Force) {
            $hex = [System.BitConverter]::ToString([System.IO.File]::ReadAllBytes($file.FullName))
            foreach ($needle in $needles) { if ($hex.Contains($needle)) { $file.FullName } }
        }
    }
}

Describe 'A non-ASCII password' {
    It 'Set-MDIProxy -ProxyCredential: the core encrypts exactly that password for the sensor' {
        $fixture = New-ImageWithOwnCertificate
        $credential = New-Object System.Management.Automation.PSCredential('CONTOSO\proxyuser', (ConvertTo-SecureString -String $password -AsPlainText -Force))
        $result = Set-MDIProxy -ProxyUrl 'http://proxy.contoso.com:3128' -ProxyCredential $credential -Method Sensor -MachineImage $fixture.Image -Confirm:$false -PassThru -Verbose 4>&1
        Get-StoredPassword -Fixture $fixture | Should -BeExactly $password
        ($result | Out-String) | Should -Not -Match ([regex]::Escape($password))
        @(Find-ClearPassword -Image $fixture.Image) | Should -BeNullOrEmpty
    }

    It 'the MDIProxy DSC resource with a ProxyCredential: the same password reaches the sensor' {
        $fixture = New-ImageWithOwnCertificate
        $resource = & (Get-Module DefenderProxyTools) { [MDIProxy]::new() }
        $resource.MachineImage = $fixture.Image
        $resource.ProxyUrl = 'http://proxy.contoso.com:3128'
        $resource.Method = 'Sensor'
        $resource.ProxyCredential = New-Object System.Management.Automation.PSCredential('CONTOSO\dscuser', (ConvertTo-SecureString -String $password -AsPlainText -Force))
        $resource.Set()
        Get-StoredPassword -Fixture $fixture | Should -BeExactly $password
        $resource.Get().UserName | Should -Be 'CONTOSO\dscuser'
        @(Find-ClearPassword -Image $fixture.Image) | Should -BeNullOrEmpty
    }

    It 'a test that fails is no test: a wrong password does not decrypt to the right one' {
        $fixture = New-ImageWithOwnCertificate
        $credential = New-Object System.Management.Automation.PSCredential('CONTOSO\proxyuser', (ConvertTo-SecureString -String ($password + 'x') -AsPlainText -Force))
        Set-MDIProxy -ProxyUrl 'http://proxy.contoso.com:3128' -ProxyCredential $credential -Method Sensor -MachineImage $fixture.Image -Confirm:$false
        Get-StoredPassword -Fixture $fixture | Should -Not -BeExactly $password
    }
}
