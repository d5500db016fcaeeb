namespace AdaNotebooks.Tests.Cli;

[Collection("console")]
public class DoctorTests
{
    [Fact]
    public void DoctorReportsVersionsAndAComputedTensor()
    {
        var (code, output, _) = CliRunner.Run("doctor");
        Assert.Equal(0, code);
        Assert.Matches(@"TorchSharp\s+0\.107", output);
        Assert.Matches(@"libtorch\s+2\.10", output);
        Assert.Contains("= 54 (expected 54)", output);
        Assert.Contains("status             ok", output);
    }

    [Fact]
    public void UnknownCommandFailsWithAReason()
    {
        var (code, _, err) = CliRunner.Run("frobnicate");
        Assert.NotEqual(0, code);
        Assert.False(string.IsNullOrWhiteSpace(err));
    }
}
