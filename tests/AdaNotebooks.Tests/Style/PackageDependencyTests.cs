using AdaNotebooks.Course;
using System.Xml.Linq;

namespace AdaNotebooks.Tests.Style;

/// <summary>The notebook package carries the core library inside it, so it must list every package the core library
/// references: one missing is a notebook that fails only when it first reaches code needing it.</summary>
public class PackageDependencyTests
{
    static HashSet<string> References(string project) => XDocument.Load(project).Descendants("PackageReference")
        .Select(e => (string)e.Attribute("Include")!).ToHashSet();

    [Fact]
    public void TheInteractivePackageListsEveryPackageOfTheCoreLibrary()
    {
        var root = Repository.RootAbove(AppContext.BaseDirectory);
        var core = References(Path.Combine(root, "src", "AdaNotebooks", "AdaNotebooks.csproj"));
        var interactive = References(Path.Combine(root, "src", "AdaNotebooks.Interactive",
            "AdaNotebooks.Interactive.csproj"));
        Assert.Empty(core.Except(interactive));
    }
}
