using AdaNotebooks.Course;

namespace AdaNotebooks.Tests.Course;

public class RepositoryTests
{
    [Fact]
    public void TheRootIsTheFolderHoldingTheSolution()
    {
        var root = Repository.RootAbove(AppContext.BaseDirectory);
        Assert.True(File.Exists(Path.Combine(root, "AdaNotebooks.sln")));
        Assert.Equal(root, Repository.RootAbove(Path.Combine(root, "notebooks")));
    }

    [Fact]
    public void OutsideTheRepositoryItIsAOneLineError()
    {
        var outside = Directory.CreateTempSubdirectory("ada-outside-");
        try
        {
            var e = Assert.Throws<DirectoryNotFoundException>(() => Repository.RootAbove(outside.FullName));
            Assert.Equal($"AdaNotebooks.sln not found in {outside.FullName} or above it: open the notebook from the " +
                         "repository's notebooks/ folder", e.Message);
        }
        finally { outside.Delete(); }
    }
}
