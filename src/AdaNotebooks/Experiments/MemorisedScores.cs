namespace AdaNotebooks.Experiments;

/// <summary>The scores of one run's training images themselves, repeated to the study's metric count, against the
/// held-out set (<see cref="LimitedDataFloor.Memorised"/>): the distance a G that only copied its
/// <paramref name="Size"/> images (drawn by <paramref name="Seed"/>) would reach.</summary>
public sealed record MemorisedScores(int Size, int Seed, IReadOnlyDictionary<string, double> Scores);
