namespace AdaNotebooks.Charts;

/// <summary>One frame of a <see cref="ChartSlider"/>: the chart shown at one value of the slider, and its label.
/// </summary>
public sealed record ChartSliderFrame(string Label, Chart Chart);

/// <summary>Charts to drag through (one per value of a parameter, e.g. p), pre-rendered as static SVG behind a
/// slider: it works offline, in exported HTML and in a committed notebook without any script library.</summary>
/// <param name="Parameter">What the slider sets (its accessible name), e.g. "p".</param>
public sealed record ChartSlider(string Title, string Parameter, IReadOnlyList<ChartSliderFrame> Frames)
{
    /// <summary>One frame per value: <paramref name="frame"/> draws the chart and labels it.</summary>
    public static ChartSlider Build(string title, string parameter, IEnumerable<double> values,
        Func<double, ChartSliderFrame> frame) => new(title, parameter, values.Select(frame).ToList());

    public string ToHtml() =>
        SliderHtml.Render("ada-chartslider", Title, Parameter, Frames.Select(f => (f.Label, ChartSvg.Render(f.Chart)))
            .ToList());
}
