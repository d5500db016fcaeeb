using AdaNotebooks.Course;

namespace AdaNotebooks.Tests.Course;

public class CourseModeTests
{
    static CourseMode From(string? quick, string? mode) =>
        CourseMode.FromEnvironment(name => name switch { "ADA_QUICK" => quick, "ADA_MODE" => mode, _ => null });

    [Theory]
    [InlineData(null, null, "mode: interactive")]
    [InlineData("1", null, "mode: quick")]
    [InlineData("0", null, "mode: interactive")]
    [InlineData(null, "full", "mode: full")]
    [InlineData(null, "Interactive", "mode: interactive")]
    [InlineData(null, "quick", "mode: quick")]
    [InlineData("1", "full", "mode: quick")]        // the test suite's switch wins
    [InlineData("0", "full", "mode: full")]
    [InlineData("", " ", "mode: interactive")]
    public void TheEnvironmentChoosesTheMode(string? quick, string? mode, string line) =>
        Assert.Equal(line, From(quick, mode).ToString());

    [Theory]
    [InlineData("yes", null, "ADA_QUICK=yes: expected 1 (quick mode) or 0")]
    [InlineData(null, "fast", "ADA_MODE=fast: expected quick, interactive or full")]
    public void AnUnknownValueIsAOneLineError(string? quick, string? mode, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => From(quick, mode)).Message);

    [Fact]
    public void PickTakesTheValueOfTheMode()
    {
        Assert.Equal(4, CourseMode.Quick.Pick(4, 40, 400));
        Assert.Equal(40, CourseMode.Interactive.Pick(4, 40, 400));
        Assert.Equal(400, CourseMode.Full.Pick(4, 40, 400));
        Assert.Equal(40, CourseMode.Full.Pick(4, 40));
        Assert.True(CourseMode.Quick.IsQuick);
        Assert.False(CourseMode.Full.IsQuick);
    }
}
