namespace Edge.Privacy;

/// <summary>One column of a day's public grid: the <paramref name="Index"/>-th window of the store's opening hours.</summary>
internal readonly record struct FootfallWindow(DateOnly Day, int Index, DateTimeOffset Start, DateTimeOffset End, int ReleaseIndex);
