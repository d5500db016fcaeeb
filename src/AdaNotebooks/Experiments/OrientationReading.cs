namespace AdaNotebooks.Experiments;

/// <summary>What the <see cref="OrientationClassifier"/> can say about a set of images, abstaining where it cannot
/// judge. <paramref name="Judged"/>: the share of images whose most likely quarter turn has a softmax probability of
/// at least the confidence gate; <paramref name="Rotated"/>: the share of those judged images called rotated (k != 0;
/// NaN when none is judged) and <paramref name="Shares"/> their split over k = 0..3; <paramref name="Equivariance"/>:
/// how often turning an image by j quarter turns shifts the predicted k by j (mod 4), over every image and j = 1..3,
/// so 1 for images the classifier reads consistently and about 1/4 for images it cannot orient at all.</summary>
public sealed record OrientationReading(double Judged, double Rotated, double[] Shares, double Equivariance);
