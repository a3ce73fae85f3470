namespace EdgeGateway.UnitTests.WeChatPay;

/// <summary>
/// The known answers of PROTOCOL.md §9, in one place. Keys live in files under TestVectors/;
/// this class holds only messages, expected outputs and the public parameters around them.
/// </summary>
internal static class ProtocolVectors
{
    /// <summary>§9.1: GO <c>utils/sign_test.go</c>, message <c>source</c> under the GO 2048-bit key.</summary>
    public const string GoMessage = "source";

    public const string GoSignature =
        "BKyAfU4iMCuvXMXS0Wzam3V/cnxZ+JaqigPM5OhljS2iOT95OO6Fsuml2JkFANJU9K6q9bLlDhPXuoVz+pp4hAm6pHU4ld815U4jsKu1RkyaII+1CYBUYC8TK0XtJ8FwUXXz8vZHh58rrAVN1XwNyvD1vfpxrMT4SL536GLwvpUHlCqIMzoZUguLli/K8V29QiOhuH6IEqLNJn8e9b3nwNcQ7be3CzYGpDAKBfDGPCqCv8Rw5zndhlffk2FEA70G4hvMwe51qMN/RAJbknXG23bSlObuTCN7Ndj1aJGH6/L+hdwfLpUtJm4QYVazzW7DFD27EpSQEqA8bX9+8m1rLg==";

    /// <summary>§9.2: SKIT <c>TestRSASignatureSHA256WithRSASign</c> under the SKIT 4096-bit key.</summary>
    public const string SkitSignMessage = "SHA256WithRSASignTest";

    public const string SkitSignature =
        "EzeVEIoBhzOhXpwbXdJjIuGIGRc6ArKO7sVo2fuAdzYTDgorAEufEnw7lPPXV1GTfFcHOnsAJH9kGJmg7Orwlkh7x7TyOGrkMEhWGulA9SIdmou4iBsHpIZ/TERSgGt/VTmqmfpkzJqrvbQWIQENwo7Lr6uJSJBND0YT3nIBP8TzbO3cHnQb6chHIBHrDF5vOO7HHu+Cga2MZnAtRizhO8BhK0jOmyro32CgIML3EVX8yuPy0kOk6aN1R8xFblZUD4NU2M6zzQpydmxaHr9B1WNFoMwmpoAS5BuKJMYOHO5cc6DhB+0fAGxaWtKp6759KhKCf8M65zh3WKS4l262SGuWq4qG1+AKf2DOgCon769+A4z8flOmvl0iIwoH9FThGJoP156rpAJW7v/bWputSeC6WToUTBRmGWdwWySVwW5AZ26OAFFWs1CmrGp3jF5E2oUy1mQwgfM0QN6DW+wD769ggIYH9HLHqDHbF5UyF7eNh3s8Qy23xXEKZWNMAJ0IdtdMQ7FRRgLFSCai7HELLlBJSCz7P5WTeYZGQpbvnUShkRvzujjO6XlGiKKI0EwKb121z8N6KRpvs4SnRztWBGoXbzHZgnXKXU/BWWADemqB2cvaT3Bj0k3/N3sea0dAEtlNEklRWoyyNUUlscK9zg4LBlHrhbbFo66uuub8ySo=";

    /// <summary>SKIT certificate serial as the SKIT test writes it (lower case).</summary>
    public const string SkitCertificateSerial = "3050f72e2dce03e7efe49557dd231d176649afbd";

    public const string SkitOaepPlaintext = "RsaDecryptTest";

    /// <summary>§9.3(a): JAVA <c>AeadAesCipherTest</c> with the key of <c>TestConfig</c>.</summary>
    public const string JavaAesKey = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    public const string JavaAesNonce = "uluk4a9R25RW";
    public const string JavaAesAssociatedData = "associatedData";
    public const string JavaAesPlaintext = "message";
    public const string JavaAesCiphertext = "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=";

    /// <summary>§9.3(c): SKIT <c>TestCase_ToolsAESUtilityTests</c> (ciphertext and plaintext are files).</summary>
    public const string SkitAesKey = "f09b03a7a1902b5b4913856f1fd07ab1";
    public const string SkitAesNonce = "aae8c2e79c5b";
    public const string SkitAesAssociatedData = "certificate";
    public const string SkitAesCertificateSerial = "19936B4DC6A6C77B05489B10962DEFF42EA065EF";

    /// <summary>§9.3(d): GO <c>utils/aes_test.go</c> uses a 16-byte key: AES-128, not a valid APIv3 key.</summary>
    public const string GoAes128Key = "testAPIv3Key0000";

    /// <summary>§9.4: derived end-to-end request vectors under the GO key.</summary>
    public const long Timestamp = 1554208460;

    public const string MchId = "1900000001";

    /// <summary>An arbitrary merchant certificate serial: §9.4 signs no serial, it only appears in the header.</summary>
    public const string MerchantSerial = "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C";

    public const string GetCertificatesUrl = "/v3/certificates";

    public const string GetCertificatesMessage = "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n";

    public const string GetCertificatesSignature =
        "RjVFHMcrr9NsM4SiNmpFx6QPR99WztxatBshmr/6f7pXnt2YSPAhmNrEEAjWgpOcf5Zxbwl2qdPACOsEOeGrnLD81nVK3ucJq50iD0FAyF11knd1C9ic7zV9Jg3zao0+Wx3yAI6jXx6NLBEfNNspCazrQ+IHsUi04tubSBsT+4LHT9j0rL9axFBl7jVYe7uZ1ZQzap8EokLHDQbYw6qPEOs85+a2rnudh3TCPe81oUfe0zPqwEE6sWxxeSCYx+1mbURsOAN4Z8/uKgOIZxbDAkqYWFb7VOaHFeejC1rsxUc7wkw0zQWxae1giswROXii1DorwdJ3CGlPchx0PyDjkQ==";

    public const string CloseUrl = "/v3/pay/transactions/out-trade-no/1217752501201407033233368018/close";

    public const string CloseBody = "{\"mchid\":\"1900000001\",\"out_trade_no\":\"1217752501201407033233368018\"}";

    public const string CloseMessage =
        "POST\n/v3/pay/transactions/out-trade-no/1217752501201407033233368018/close\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n"
        + "{\"mchid\":\"1900000001\",\"out_trade_no\":\"1217752501201407033233368018\"}\n";

    public const string CloseSignature =
        "U0UZyP4p5w/+2zKVWoE5YqA+KXO0hXoQVey9i3wikNcPWTvN/Z0nfz3Si5QACtOZiz1sPHFppFNeBa+InAUD+ha3jk2Ke74SLHyZpmNEUxDcarAsI6oZjLOLkzrH3NGCAW91LUJevqFQH1rnR+zzoinjxIeN8+HqV745Lhepi/BS3NmW/7hbNs8/Cgy0e95VJ713iyJ771LhC7QgKOJihbDE7177/4XPd9OAo2h/ERgnI78nQjkktEqpGW2jCBekQDJGkoyv4gtyidMT9mXa7s2Zt5OnXBHh01QWi3CDenuvnGBfHvNhrF1JrLVhsdK9er+DhJgFZMEMVnlBSozOPg==";

    /// <summary>The official example public key id (PROTOCOL.md §3.5).</summary>
    public const string ExamplePublicKeyId = "PUB_KEY_ID_0000000000000024101100397200000006";
}
